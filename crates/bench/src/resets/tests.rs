use super::*;
use crate::report;

fn round(bare_before: f64, resets_per_s: f64, bare_after: f64) -> Round {
    let bare = |per_s| BareLoop {
        per_s,
        cpu_ms: Some(30.0),
    };
    Round {
        bare_before: bare(bare_before),
        resets_per_s,
        bare_after: bare(bare_after),
        cpu: CpuUse::default(),
    }
}

#[test]
fn a_round_is_measured_against_the_mean_of_its_two_bare_loops() {
    // 3 hashes per reset: 20 resets/s need 60 hashes/s; the loops around average 75.
    assert!((round(70.0, 20.0, 80.0).ratio() - 0.8).abs() < 1e-9);
}

/// Three rounds between loops of 60 hashes/s: 90, 95 and 105 %.
fn three_rounds() -> [Round; 3] {
    [
        round(60.0, 18.0, 60.0),
        round(60.0, 19.0, 60.0),
        round(60.0, 21.0, 60.0),
    ]
}

fn judged_table(rounds: &[Round]) -> String {
    report::table(&rows(
        rounds,
        100,
        2,
        &CpuUse::default(),
        SHORTEST_JUDGED_PHASE,
    ))
}

#[test]
fn each_round_shows_its_own_cpu_shares() {
    let mut rounds = three_rounds();
    for (n, round) in rounds.iter_mut().enumerate() {
        round.cpu = CpuUse {
            bot: Some(19.0),
            hashing: Some(16.0 + n as f64),
            bench: Some(0.6),
            cpus: 2,
            resets: 300,
            hashes: Some(540 + 60 * n as u64),
            seconds: 10.0,
        };
    }
    let text = judged_table(&rounds);
    assert!(
        text.contains(
            "80 %, 2 %, 10.0 + 2.0 ms, hashing at 90 % of the loops' rate, 29.6 ms of CPU a hash (loops: 30.0); 85 %"
        ),
        "{text}"
    );
    assert!(
        text.contains("90 %, 2 %, 3.3 + 2.0 ms, hashing at 110 %"),
        "{text}"
    );
}

#[test]
fn the_median_round_is_reported_with_every_round() {
    let text = judged_table(&three_rounds());
    assert!(
        text.contains("60.0 / 60.0 / 60.0 / 60.0 hashes/s"),
        "{text}"
    );
    assert!(text.contains("19.0 = 95 % of the bare loops"), "{text}");
    assert!(text.contains("rounds: 90, 95, 105 %"), "{text}");
    assert!(text.contains("| >= 90 % | yes |"), "{text}");
}

#[test]
fn a_ratio_from_short_phases_is_not_judged() {
    let rounds = [round(60.0, 30.0, 60.0)];
    let short = SHORTEST_JUDGED_PHASE - Duration::from_secs(1);
    let text = report::table(&rows(&rounds, 100, 2, &CpuUse::default(), short));
    assert!(text.contains("150 % of the bare loops"), "{text}");
    assert!(
        text.contains("(not judged: phases under 15 s) |  |"),
        "{text}"
    );
}
