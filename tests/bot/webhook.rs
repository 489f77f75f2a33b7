//! The webhook's inbox: Telegram is answered 200 only for updates kept on disk, at most
//! `telegram.webhook_inbox` at once, and a crash loses none of them. Real HTTP on
//! loopback, a real store reopened as after a crash.

use crate::harness::WEBHOOK_SECRET;
use futures::StreamExt;
use recovery_bot::crypto::Secret;
use recovery_bot::metrics::Metrics;
use recovery_bot::store::Store;
use recovery_bot::webhook::{endpoint, Kept, Settings, SECRET_HEADER};
use secrecy::SecretString;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use teloxide::types::Update;
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

const PATH: &str = "/telegram/hook";

/// A webhook server on its own port, as `App` runs it, with nobody handling updates yet.
struct Hook<L> {
    addr: SocketAddr,
    listener: L,
    kept: Kept,
    metrics: Arc<Metrics>,
    stop: teloxide::stop::StopToken,
    server: tokio::task::JoinHandle<()>,
}

async fn start(
    store: &Store,
    capacity: usize,
) -> Hook<impl UpdateListener<Err = std::convert::Infallible>> {
    let key =
        Secret::new(SecretString::from("the bot's secret for the webhook tests")).expect("key");
    let metrics = Arc::new(Metrics::new());
    let stop = teloxide::stop::mk_stop_token();
    let token = stop.0.clone();
    let settings = Settings {
        path: PATH,
        secret: &SecretString::from(WEBHOOK_SECRET),
        inbox: store.inbox(&key).expect("inbox"),
        key,
        capacity,
        flush: store.group_flush(),
        metrics: metrics.clone(),
    };
    let (router, listener, kept) = endpoint(settings, stop).expect("endpoint");
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = tcp.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let _ = axum::serve(tcp, router).await;
    });
    Hook {
        addr,
        listener,
        kept,
        metrics,
        stop: token,
        server,
    }
}

fn update(id: u32, text: &str) -> String {
    serde_json::json!({
        "update_id": id,
        "message": {
            "message_id": id, "date": 1_700_000_000, "text": text,
            "chat": {"id": 42, "type": "private", "first_name": "Ann"},
            "from": {"id": 42, "is_bot": false, "first_name": "Ann"},
        }
    })
    .to_string()
}

async fn post(addr: SocketAddr, body: String) -> u16 {
    reqwest::Client::new()
        .post(format!("http://{addr}{PATH}"))
        .header(SECRET_HEADER, WEBHOOK_SECRET)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the webhook answers")
        .status()
        .as_u16()
}

fn open(dir: &Path) -> Store {
    Store::open(&dir.join("store"), 8).expect("store")
}

/// The next update the dispatcher would get.
async fn next(
    stream: &mut (impl futures::Stream<Item = Result<Update, std::convert::Infallible>> + Unpin),
) -> u32 {
    let got = tokio::time::timeout(Duration::from_secs(10), stream.next()).await;
    match got {
        Ok(Some(Ok(update))) => update.id.0,
        other => panic!("no update: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_answers_503_when_full_and_keeps_what_it_answered_across_a_crash() {
    let dir = tempfile::tempdir().expect("dir");
    let store = open(dir.path());
    let hook = start(&store, 2).await;
    assert_eq!(post(hook.addr, update(1, "first")).await, 200);
    assert_eq!(
        post(hook.addr, update(2, "my password is Tr0ub4dor&3")).await,
        200
    );
    assert_eq!(
        post(hook.addr, update(2, "sent again")).await,
        200,
        "kept already"
    );
    assert_eq!(
        post(hook.addr, update(3, "third")).await,
        503,
        "full: Telegram retries"
    );
    assert_eq!(hook.metrics.webhook_deferred.get(), 1);
    assert_eq!(hook.kept.len(), 2);

    // The dispatcher takes update 1 and is done with it; update 2 is being handled when
    // the process dies.
    let Hook {
        mut listener,
        kept,
        server,
        ..
    } = hook;
    {
        let mut stream = Box::pin(listener.as_stream());
        assert_eq!(next(&mut stream).await, 1);
        kept.done(1);
        assert_eq!(next(&mut stream).await, 2);
    }
    assert_eq!(kept.len(), 1, "done with update 1 only");
    server.abort();
    let _ = server.await;
    drop((listener, kept));
    store.flush().await.expect("flush");
    let raw = std::fs::read_dir(dir.path().join("store"))
        .expect("store files")
        .filter_map(|f| std::fs::read(f.ok()?.path()).ok())
        .any(|bytes| String::from_utf8_lossy(&bytes).contains("Tr0ub4dor"));
    assert!(!raw, "the kept update is sealed on disk");
    // Closed, not dropped: the last flush's thread may hold the database a moment longer.
    store.close().await.expect("close");

    // The next start hands out update 2 first, and has room for update 3 again.
    let store = open(dir.path());
    let mut hook = start(&store, 2).await;
    assert_eq!(hook.kept.len(), 1);
    assert_eq!(post(hook.addr, update(3, "third")).await, 200);
    let mut stream = Box::pin(hook.listener.as_stream());
    assert_eq!(next(&mut stream).await, 2);
    assert_eq!(next(&mut stream).await, 3);
    hook.stop.stop();
    assert!(tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("the stream ends once stopped")
        .is_none());
    drop(stream);
    assert_eq!(post(hook.addr, update(4, "late")).await, 503, "stopped");
}
