## Befehle (Befehlsmenü von Telegram)
cmd-start = Hauptmenü
cmd-reset = Passwort zurücksetzen
cmd-help = Warum kann ich mich nicht anmelden?
cmd-language = Sprache ändern
cmd-pending = Änderungen, die auf deine Genehmigung warten
cmd-unlink = Keine Genehmigungsanfragen mehr in diesem Chat
cmd-cancel = Aktuellen Vorgang abbrechen

## Buttons
btn-reset = Passwort zurücksetzen
btn-help = Probleme beim Anmelden?
btn-language = Sprache
btn-resend = Neuen Code senden
btn-cancel = Abbrechen
btn-open-private = Privaten Chat öffnen
btn-approve = Genehmigen
btn-deny = Ablehnen
btn-link = Diesen Chat verknüpfen
btn-not-now = Jetzt nicht

## Menü
welcome = Hallo! Ich helfe dir, wieder in dein Konto bei { $service } zu kommen und es zu schützen. Was möchtest du tun?
idle-hint = Das habe ich nicht verstanden. Was möchtest du tun?
unknown-command = Dieser Befehl ist hier nicht verfügbar.
cancel-done = Abgebrochen. Es wurde nichts geändert.
cancel-nothing = Es gibt nichts abzubrechen. Was möchtest du tun?
button-expired = Dieser Button funktioniert nicht mehr.
group-refused = Zu deiner Sicherheit helfe ich bei Konten nur im privaten Chat, nie in einer Gruppe. Öffne einen Chat mit @{ $bot } und sende dort /start.
error-storage = Entschuldige, ich komme gerade nicht an meine Daten. Bitte versuch es in einer Minute noch einmal.
help-checklist =
    Du kannst dich nicht anmelden? Prüfe zuerst Folgendes:
    1. E-Mail: Ist sie wie name@example.com geschrieben, ohne Leerzeichen oder Tippfehler?
    2. Telefon: Hast du die Ländervorwahl angegeben, z. B. +49 151 23456789?
    3. Passwort: Bei Passwörtern zählt Groß- und Kleinschreibung. Ist die Feststelltaste an? Wenn du Ziffern über den Ziffernblock eingibst: Ist Num Lock an?
    Kommst du immer noch nicht weiter? Setze dein Passwort zurück.

## Sprache
language-choose = Wähle deine Sprache:
language-set = Ab jetzt spreche ich Deutsch.
language-name-en = English
language-name-de = Deutsch
language-name-es = Español

## Was jeder Schritt erwartet
expect-identifier = Bitte gib die E-Mail-Adresse oder Handynummer deines Kontos ein.
expect-code = Bitte gib den 6-stelligen Code ein, den wir dir geschickt haben.
expect-password = Bitte gib dein neues Passwort ein.
expect-confirmation = Bitte gib dein neues Passwort noch einmal ein.

## Zurücksetzen: Kennung
reset-ask-identifier =
    Lass uns dein Passwort zurücksetzen. Wie lautet die E-Mail-Adresse oder Handynummer deines Kontos?
    Schreib Handynummern mit Ländervorwahl, z. B. +49 151 23456789.
identifier-invalid-email = Diese E-Mail-Adresse sieht nicht richtig aus. Sie sollte so aussehen: name@example.com.
identifier-missing-country-code = Bitte ergänze die Ländervorwahl: Beginne die Nummer mit + und der Ländervorwahl, z. B. +49 151 23456789 statt 0151 23456789.
identifier-invalid-phone = Diese Telefonnummer scheint nicht gültig zu sein. Prüfe die Ziffern und gib die Ländervorwahl mit an, z. B. +49 151 23456789.
identifier-unrecognized = Bitte sende die E-Mail-Adresse oder Handynummer deines Kontos, z. B. name@example.com oder +49 151 23456789.
identifier-country-not-served = An Nummern mit der Ländervorwahl { $code } können wir keine SMS senden. Bitte verwende deine E-Mail-Adresse oder eine Nummer aus einem anderen Land.

## Zurücksetzen: Code
code-sent =
    Falls { $identifier } zu einem Konto gehört, haben wir dorthin einen 6-stelligen Code gesendet. Der Code ist { $minutes } Minuten gültig.
    Gib den Code hier ein. Ich lösche deine Nachricht aus dem Chat, sobald ich sie gelesen habe.
code-cooldown =
    Falls { $identifier } zu einem Konto gehört, haben wir vor weniger als einer Minute einen Code dorthin gesendet. Bitte verwende diesen Code oder warte { $seconds } Sekunden und fordere dann einen neuen an.
code-hourly-limit = Für { $identifier } wurden in der letzten Stunde zu viele Codes angefordert. Bitte verwende den zuletzt gesendeten Code oder versuch es in { $minutes } Minuten noch einmal.
code-format = Ein Code besteht aus 6 Ziffern, z. B. 123456. Bitte gib den Code aus der Nachricht ein, die wir dir geschickt haben.
code-wrong =
    { $left ->
        [one] Dieser Code ist nicht richtig. Du hast noch 1 Versuch.
       *[other] Dieser Code ist nicht richtig. Du hast noch { $left } Versuche.
    }
code-wrong-void = Dieser Code ist nicht richtig und wurde nach zu vielen Versuchen ungültig gemacht. Fordere einen neuen Code an.
code-expired = Dieser Code ist abgelaufen: Codes sind 10 Minuten gültig. Fordere einen neuen Code an.
code-void = Dieser Code kann nicht mehr verwendet werden: Er wurde schon benutzt oder durch einen neueren ersetzt. Fordere einen neuen Code an.
code-accepted =
    Code akzeptiert. Wähle jetzt ein neues Passwort mit mindestens { $min } Zeichen.
    Leerzeichen und Emojis sind erlaubt, und es gibt keine Regeln für Sonderzeichen oder Ziffern: Ein paar Wörter, die nichts miteinander zu tun haben, ergeben ein starkes Passwort. Ich lösche deine Nachricht, sobald ich sie gelesen habe.
recovery-locked = Zu deiner Sicherheit ist das Zurücksetzen des Passworts für dieses Konto nach zu vielen falschen Codes bis { $until } (UTC) pausiert. Wenn du früher Hilfe brauchst, wende dich bitte an den Support.
account-locked = Dieses Konto ist gesperrt. Bitte wende dich an den Support, um es entsperren zu lassen.

## Zurücksetzen: neues Passwort
password-too-short = Dieses Passwort ist zu kurz. Bitte verwende mindestens { $min } Zeichen.
password-too-long = Dieses Passwort ist zu lang. Bitte verwende höchstens { $max } Zeichen.
password-guessable = Dieses Passwort ist zu leicht zu erraten: Es ist weit verbreitet oder folgt einem einfachen Muster. Nimm stattdessen lieber ein paar Wörter, die nichts miteinander zu tun haben.
password-contains-email = Dein Passwort darf deine E-Mail-Adresse nicht enthalten. Bitte wähle ein anderes.
password-contains-name = Dein Passwort darf deinen Namen nicht enthalten. Bitte wähle ein anderes.
password-control-characters = Dein Passwort enthält unsichtbare Steuerzeichen. Bitte wähle ein anderes.
password-same-as-current = Das ist dein aktuelles Passwort. Bitte wähle ein neues.
password-confirm = Gut. Gib das neue Passwort jetzt zur Bestätigung noch einmal ein.
password-mismatch = Die beiden Passwörter stimmen nicht überein. Bitte wähle dein neues Passwort noch einmal.
password-changed =
    Fertig: Dein Passwort wurde geändert und gilt ab sofort.
    Angemeldet bist du dadurch aber nicht: Melde dich mit deinem neuen Passwort an. Zu deiner Sicherheit wurden alle Sitzungen deines Kontos beendet, und wir haben deine E-Mail-Adresse und dein Telefon über die Änderung benachrichtigt.
reset-window-expired = Das Zurücksetzen hat zu lange gedauert und wurde zu deiner Sicherheit abgebrochen. Bitte fang noch einmal von vorn an.
password-attempts-reset = Das waren zu viele neue Passwörter für ein Zurücksetzen, deshalb habe ich es zu deiner Sicherheit abgebrochen. Du kannst mit einem neuen Code noch einmal anfangen.

## E-Mail und SMS
email-code-subject = Dein Wiederherstellungscode für { $service }
email-code-body =
    Dein Wiederherstellungscode für { $service } lautet { $code }.
    Er ist { $minutes } Minuten gültig. Gib ihn in deinem Chat mit dem Wiederherstellungs-Bot { $bot } auf Telegram ein.
    Falls du ihn nicht angefordert hast, ignoriere diese Nachricht: Dein Passwort wurde nicht geändert.
    Gib diesen Code niemals an andere weiter. Unser Support-Team wird dich nie danach fragen.
sms-code = { $code } ist dein Wiederherstellungscode für { $service }. { $minutes } Min. gültig. Niemals weitergeben.
notice-email-subject = Dein Passwort für { $service } wurde geändert
notice-email-body =
    Das Passwort deines Kontos bei { $service } wurde am { $when } (UTC) über den Wiederherstellungs-Bot { $bot } auf Telegram geändert. Alle Sitzungen deines Kontos wurden beendet.
    Falls du das nicht warst, setze dein Passwort sofort zurück und wende dich an den Support.
notice-sms = Dein Passwort für { $service } wurde am { $when } (UTC) geändert. Falls du das nicht warst, setze es jetzt zurück und wende dich an den Support.

## Verknüpfte Chats und Genehmigungen
link-offer = Sollen Genehmigungsanfragen für { $account } in diesen Chat kommen? Eine Änderung an deinem Konto wartet dann hier, bis du sie genehmigst oder ablehnst.
link-done = Dieser Chat ist jetzt mit { $account } verknüpft. Mit /unlink kannst du das rückgängig machen.
link-declined = OK, dieser Chat wird nicht verknüpft.
unlink-done = Dieser Chat ist nicht mehr mit { $account } verknüpft und bekommt keine Genehmigungsanfragen mehr.
unlink-none = Dieser Chat ist mit keinem Konto verknüpft.
pending-none = Gerade wartet nichts auf deine Genehmigung.
pending-not-linked = Dieser Chat ist mit keinem Konto verknüpft, deshalb kommen hier keine Genehmigungsanfragen an. Nachdem du ein Passwort zurückgesetzt oder dich mit /settings angemeldet hast, biete ich dir an, ihn zu verknüpfen.
approval-request =
    Hast du diese Änderung an deinem Konto bei { $service } angefordert?
    { $what }
    Angefragt von: { $by }. Genehmige sie nur, wenn du es warst. Diese Anfrage gilt bis { $expires } (UTC).
approval-reason = Angegebener Grund: { $reason }
by-operator = dem Support-Team von { $service }
by-service = der Website oder App von { $service }
by-telegram = jemandem in einem anderen Telegram-Chat
change-what-email = Neue E-Mail-Adresse: { $value }
change-what-phone = Neue Telefonnummer: { $value }
change-what-name = Neuer Name: { $value }
change-what-password-reset = Zurücksetzen deines Passworts
approval-approved = Genehmigt. { $what }
approval-approved-not-applied = Genehmigt, aber die Änderung konnte nicht durchgeführt werden. { $what }. Bitte wende dich an den Support.
approval-denied = Abgelehnt. { $what }
approval-expired = Ohne Antwort abgelaufen. { $what }
approval-denied-followup = Du hast die Änderung abgelehnt, es wurde also nichts geändert. Falls du sie nicht angefordert hast, kennt vielleicht jemand dein Passwort: Setze es jetzt zurück.
approval-reset-followup = Genehmigt. Alle Sitzungen deines Kontos wurden beendet. Wähle jetzt dein neues Passwort.
notice-approval-done = Erledigt.
notice-approval-handled = Diese Anfrage wurde schon bearbeitet.
notice-approval-expired = Diese Anfrage ist abgelaufen.
notice-approval-not-yours = Diese Anfrage ist nicht für dich.

## Support: Seite der Nutzer
btn-support = Mit dem Support sprechen
cmd-support = Mit dem Support sprechen
support-ask =
    Beschreib mir in ein paar Worten, was nicht klappt, dann lege ich ein Ticket für unser Support-Team an.
    Schick hier nie ein Passwort oder einen Code: Der Support fragt nie danach.
support-opened =
    Dein Ticket #{ $ticket } ist offen. Was du jetzt hier schreibst, geht an unser Support-Team, und seine Antworten kommen hier an.
    Schick nie ein Passwort oder einen Code: Der Support fragt nie danach.
support-still-open = Dein Ticket #{ $ticket } ist noch offen. Schreib hier, ich gebe es an den Support weiter.
support-unavailable = Tut mir leid, hier gibt es keinen Support.
support-rate-limited = Du hast mehrere Nachrichten hintereinander geschickt. Bitte warte auf eine Antwort vom Support, bevor du weiterschreibst.
support-secret-refused = Das sieht nach einem Code oder Passwort aus. Ich habe es gelöscht und nicht weitergegeben. Der Support braucht nie deine Codes oder Passwörter. Falls es keins von beiden war, sag es bitte mit anderen Worten.
support-describe-limited = Ich konnte mehrere deiner Nachrichten nicht weitergeben, weil sie nach Codes oder Passwörtern aussahen. Bitte warte ein paar Minuten und beschreib dein Problem dann mit anderen Worten.
support-reply =
    💬 Support (Ticket #{ $ticket }):
    { $text }
support-taken = Jemand vom Support kümmert sich jetzt um dein Ticket #{ $ticket }.
support-closed = Der Support hat dein Ticket #{ $ticket } geschlossen. Brauchst du weitere Hilfe, tippe auf „Mit dem Support sprechen“.
support-after-close = Dein Ticket #{ $ticket } ist geschlossen, deshalb habe ich das nicht weitergegeben. Brauchst du weitere Hilfe, tippe auf „Mit dem Support sprechen“.
support-left = Du hast den Chat mit dem Support verlassen. Ticket #{ $ticket } bleibt offen, Antworten erreichen dich weiterhin hier. Schick /support, um wieder an den Support zu schreiben.
support-unlocked = Der Support hat die Sperre deines Kontos aufgehoben. Du kannst dein Passwort jetzt wieder zurücksetzen.
expect-description = Bitte beschreib dein Problem in ein paar Worten.
expect-support-message = Schreib deine Nachricht an den Support hier.

## Support: Seite des Teams (der Team-Chat spricht die Standardsprache)
cmd-tickets = Offene Tickets
cmd-take = Ticket übernehmen: /take N
cmd-reply = Ticket beantworten: /reply N Text
cmd-close = Ticket schließen: /close N [Notiz]
cmd-account = Sicherheitsstatus eines Kontos
cmd-unlock = Sperren eines Kontos aufheben
cmd-stats = Zahlen des Supports
staff-btn-take = Übernehmen
staff-btn-close = Schließen
staff-topic-name = #{ $ticket } · { $name }
staff-status-open = offen
staff-status-taken = übernommen von { $agent }
staff-status-closed = geschlossen
staff-card-title = 🎫 Ticket #{ $ticket } · { $status }
staff-card-user = Von: { $name } (Telegram-ID { $id }, Sprache { $language })
staff-card-account = Konto: { $account } ({ $source })
staff-source-linked = dieser Chat ist damit verknüpft, mit einem Code bestätigt
staff-source-typed = in diesem Chat beim Zurücksetzen eingegeben, nicht nachgewiesen
staff-card-no-account = Konto: unbekannt. Frag nach der E-Mail-Adresse oder Telefonnummer und schau mit /account nach.
staff-card-closed = Geschlossen von { $agent }.
staff-card-note = Notiz: { $note }
staff-card-problem =
    Problem:
    { $text }
staff-card-how-topic = Schreib in diesem Thema, um zu antworten.
staff-card-how-reply = Antworte auf diese Nachricht oder auf die Nachrichten der Person, um ihr zu antworten.
staff-account-title = Konto { $account } ({ $name })
staff-account-contacts = E-Mail: { $email } · Telefon: { $phone }
staff-account-linked = Verknüpfte Chats: { $count }
staff-account-locked = Von einem Betreiber oder Support gesperrt: Wiederherstellung wird bis /unlock abgelehnt.
staff-recovery-locked = Zurücksetzen nach zu vielen falschen Codes bis { $until } (UTC) pausiert.
staff-recovery-open = Zurücksetzen: nicht pausiert.
staff-events = Letzte Ereignisse:
staff-events-none = Noch keine Ereignisse.
staff-event = {"  "}{ $at } { $event } ({ $actor })
staff-none = keine
staff-account-unknown = Kein Konto hat diese ID, E-Mail-Adresse oder Telefonnummer.
staff-user-message =
    👤 { $name } (#{ $ticket }):
    { $text }
staff-agent-answered =
    { $agent } hat geantwortet (#{ $ticket }):
    { $text }
staff-taken = Ticket #{ $ticket } übernommen von { $agent }.
staff-reassigned = Ticket #{ $ticket } von { $from } an { $agent } übergeben.
staff-already-yours = Ticket #{ $ticket } gehört schon dir.
staff-closed = Ticket #{ $ticket } geschlossen von { $agent }. Die Person wurde informiert.
staff-ticket-closed = Ticket #{ $ticket } ist geschlossen.
staff-answer-closed = Ticket #{ $ticket } ist geschlossen: Deine Antwort ist nicht angekommen.
staff-no-ticket = Es gibt kein Ticket #{ $ticket }.
staff-refused = Das dürfen nur Support-Mitarbeitende.
staff-text-only = Nur Text erreicht die Person: Bitte schreib deine Antwort.
staff-reply-sent = An die Person von Ticket #{ $ticket } geschickt.
staff-tickets-none = Keine offenen Tickets.
staff-tickets-title = Offene Tickets: { $count }
staff-tickets-line = #{ $ticket } · { $status } · { $age } · { $name } · Konto { $account }
staff-tickets-more = … und { $count } weitere.
staff-stats =
    Wartende Tickets: { $open } · in Bearbeitung: { $taken }
    Median bis zur ersten Antwort (Tickets der letzten 24 h): { $median }
    Letzte 24 h: { $tickets ->
        [one] 1 Ticket
       *[other] { $tickets } Tickets
    }, { $resets ->
        [one] 1 zurückgesetztes Passwort
       *[other] { $resets } zurückgesetzte Passwörter
    }, { $lockouts ->
        [one] 1 Sperre
       *[other] { $lockouts } Sperren
    }.
staff-unlocked = Konto { $account } entsperrt: Zurücksetzen geht wieder. Informierte Personen: { $told }.
staff-unlock-unproven = Nicht informiert, weil das Konto für sie nicht nachgewiesen ist: { $tickets }. Sag es ihnen bei Bedarf mit /reply.
staff-unlock-nothing = Konto { $account } war nicht gesperrt.
staff-usage-take = So geht's: /take N (die Ticketnummer)
staff-usage-close = So geht's: /close N, optional gefolgt von einer Notiz
staff-usage-reply = So geht's: /reply N und dann deine Antwort
staff-usage-account = So geht's: /account oder /unlock und dann eine E-Mail-Adresse, Telefonnummer oder Konto-ID.
age-minutes = { $n } Min.
age-hours = { $n } Std.
age-days = { $n } T.

## Kontoeinstellungen (/settings)
cmd-settings = Kontoeinstellungen ändern
btn-settings = Kontoeinstellungen
btn-pending = Offene Genehmigungen
btn-set-name = Name
btn-set-email = E-Mail
btn-set-phone = Telefon
btn-set-password = Passwort
btn-set-done = Fertig
expect-signin-password = Bitte gib dein aktuelles Passwort ein.
expect-settings-choice = Wähle mit den Schaltflächen, was du ändern möchtest, oder tippe auf Fertig.
expect-name = Bitte gib deinen neuen Namen ein.
expect-email = Bitte gib deine neue E-Mail-Adresse ein.
expect-phone = Bitte gib deine neue Handynummer mit Ländervorwahl ein.
signin-ask-identifier =
    Melde dich an, um deine Kontoeinstellungen zu ändern. Wie lautet die E-Mail-Adresse oder Handynummer deines Kontos?
    Schreib eine Handynummer mit Ländervorwahl, zum Beispiel +49 30 12345678.
signin-ask-password = Gib jetzt dein aktuelles Passwort ein. Ich lösche deine Nachricht, sobald ich sie gelesen habe.
signin-wrong =
    { $seconds ->
        [one] E-Mail-Adresse oder Telefonnummer und Passwort passen nicht zusammen. Du kannst es in 1 Sekunde erneut versuchen.
       *[other] E-Mail-Adresse oder Telefonnummer und Passwort passen nicht zusammen. Du kannst es in { $seconds } Sekunden erneut versuchen.
    }
signin-wait =
    { $seconds ->
        [one] Bitte warte noch 1 Sekunde, bevor du es erneut versuchst. Dieses Passwort habe ich nicht geprüft.
       *[other] Bitte warte noch { $seconds } Sekunden, bevor du es erneut versuchst. Dieses Passwort habe ich nicht geprüft.
    }
signin-locked = Zu deiner Sicherheit ist die Anmeldung nach zu vielen falschen Passwörtern bis { $until } (UTC) gesperrt. Du kannst dein Passwort trotzdem zurücksetzen oder den Support kontaktieren.
signin-code-sent =
    Passwort akzeptiert. Um sicherzugehen, dass du es bist, haben wir einen 6-stelligen Code an { $identifier } geschickt. Der Code ist { $minutes } Minuten gültig.
    Gib den Code hier ein. Ich lösche deine Nachricht, sobald ich sie gelesen habe.
signin-done = Du bist angemeldet.
settings-menu =
    Dein Konto:
    Name: { $name }
    E-Mail: { $email }
    Telefon: { $phone }
    Was möchtest du ändern?
settings-not-set = nicht hinterlegt
settings-ask-name = Gib deinen neuen Namen ein (bis zu 100 Zeichen).
settings-name-invalid = Ein Name hat 1 bis 100 Zeichen und keine Steuerzeichen. Bitte gib ihn noch einmal ein.
settings-ask-email = Gib deine neue E-Mail-Adresse ein. Ich schicke einen Code dorthin, um sicherzugehen, dass sie dir gehört.
settings-ask-phone = Gib deine neue Handynummer mit Ländervorwahl ein, zum Beispiel +49 30 12345678. Ich schicke per SMS einen Code dorthin, um sicherzugehen, dass sie dir gehört.
settings-same-contact = Das verwendet dein Konto bereits. Gib etwas anderes ein oder tippe auf Abbrechen.
settings-new-contact-limit =
    Du kannst höchstens { $limit } neue E-Mail-Adressen oder Telefonnummern pro Stunde bestätigen. { $minutes ->
        [one] Bitte versuch es in 1 Minute noch einmal.
       *[other] Bitte versuch es in { $minutes } Minuten noch einmal.
    }
settings-contact-code-sent =
    Wir haben einen 6-stelligen Code an { $identifier } geschickt. Der Code ist { $minutes } Minuten gültig.
    Gib ihn hier ein, um die neue { $kind ->
        [email] E-Mail-Adresse
       *[phone] Nummer
    } zu bestätigen. Ich lösche deine Nachricht, sobald ich sie gelesen habe.
settings-ask-password =
    Wähle ein neues Passwort mit mindestens { $min } Zeichen.
    Leerzeichen und Emoji sind erlaubt, und es gibt keine Regeln für Sonderzeichen oder Ziffern: ein paar Wörter, die nichts miteinander zu tun haben, ergeben ein starkes Passwort. Ich lösche deine Nachricht, sobald ich sie gelesen habe.
settings-saved-name = Gespeichert: Dein Name ist jetzt { $value }. Wir haben deine E-Mail-Adresse und dein Telefon über die Änderung informiert.
settings-saved-email = Gespeichert: Deine E-Mail-Adresse ist jetzt { $value }. Wir haben deine bisherige E-Mail-Adresse und dein Telefon informiert.
settings-saved-phone = Gespeichert: Deine Telefonnummer ist jetzt { $value }. Wir haben deine bisherige Nummer und deine E-Mail-Adresse informiert.
settings-saved-password = Gespeichert: Dein neues Passwort gilt ab sofort. Alle anderen Sitzungen deines Kontos wurden abgemeldet, und wir haben deine E-Mail-Adresse und dein Telefon informiert.
settings-pending = Dieser Chat ist nicht mit deinem Konto verknüpft, deshalb wartet die Änderung auf deine Genehmigung in deinem verknüpften Telegram-Chat. Tippe dort vor { $expires } (UTC) auf Genehmigen; bis dahin ändert sich nichts.
settings-pending-limit =
    { $limit ->
        [one] Dieser Chat ist nicht mit deinem Konto verknüpft, deshalb wartet eine Änderung von hier auf deine Genehmigung in deinem verknüpften Telegram-Chat, und dort wartet bereits 1 Änderung, mehr dürfen nicht gleichzeitig warten. Es wurde nichts geändert. Genehmige oder lehne sie in deinem verknüpften Chat ab (/pending zeigt sie dort) oder versuche es erneut, wenn sie abgelaufen ist.
       *[other] Dieser Chat ist nicht mit deinem Konto verknüpft, deshalb wartet eine Änderung von hier auf deine Genehmigung in deinem verknüpften Telegram-Chat, und dort warten bereits { $limit } Änderungen, mehr dürfen nicht gleichzeitig warten. Es wurde nichts geändert. Genehmige oder lehne sie in deinem verknüpften Chat ab (/pending zeigt sie dort) oder versuche es erneut, wenn sie abgelaufen sind.
    }
settings-contact-taken = Ein anderes Konto verwendet das bereits, deshalb kann es diesem Konto nicht hinzugefügt werden. Es wurde nichts geändert.
settings-expired = Deine Sitzung für die Einstellungen ist beendet (nach { $minutes } Minuten ohne Aktivität oder weil du abgemeldet wurdest). Bitte melde dich erneut an.
settings-done = Du bist von deinen Kontoeinstellungen abgemeldet. Was möchtest du tun?
password-attempts-settings = Das waren zu viele neue Passwörter für eine Sitzung, deshalb habe ich dich zu deiner Sicherheit von deinen Kontoeinstellungen abgemeldet. Du kannst dich erneut anmelden und es noch einmal versuchen.
signin-code-subject = Dein Anmeldecode für { $service }
signin-code-body =
    Dein Anmeldecode für { $service } lautet { $code }. Er ist { $minutes } Minuten gültig.
    Jemand hat dein Passwort in unserem Wiederherstellungs-Bot { $bot } auf Telegram eingegeben, um deine Kontoeinstellungen zu ändern. Wenn du das nicht warst, gib den Code nicht weiter: Setz dein Passwort sofort zurück und kontaktiere den Support.
    Gib diesen Code niemals weiter. Unser Support wird nie danach fragen.
signin-sms-code = { $code } ist dein Anmeldecode für { $service }. { $minutes } Min. gültig. Niemals weitergeben. Warst du es nicht? Setz dein Passwort zurück.
contact-code-subject = Bestätige deine neue E-Mail-Adresse für { $service }
contact-code-body =
    Dein Code, um diese E-Mail-Adresse deinem { $service }-Konto hinzuzufügen, lautet { $code }. Er ist { $minutes } Minuten gültig.
    Gib ihn in deinem Chat mit unserem Wiederherstellungs-Bot { $bot } auf Telegram ein. Wenn du das nicht angefordert hast, ignoriere diese Nachricht: Ohne den Code ändert sich nichts.
contact-sms-code = { $code } bestätigt diese Nummer für dein { $service }-Konto. { $minutes } Min. gültig. Niemals weitergeben.
change-what-password = Ein neues Passwort
change-notice-subject = Dein { $service }-Konto wurde geändert
change-notice-body =
    An deinem { $service }-Konto wurde am { $when } (UTC) etwas geändert: { $what }
    Wenn du das nicht warst, mach es jetzt rückgängig: Öffne unseren Wiederherstellungs-Bot { $bot } auf Telegram, wähle Passwort zurücksetzen und sprich mit dem Support. Wartet in deinem verknüpften Telegram-Chat eine Anfrage, tippe dort auf Ablehnen.
change-notice-sms = Dein { $service }-Konto wurde am { $when } (UTC) geändert: { $what }. Warst du es nicht? Setz dein Passwort in unserem Telegram-Bot { $bot } zurück und kontaktiere den Support.
change-notice-body-moved =
    An deinem { $service }-Konto wurde am { $when } (UTC) etwas geändert: { $what }
    Diese Adresse gehört nicht mehr zum Konto, damit lässt sich das Passwort also nicht mehr zurücksetzen. Wenn du das nicht warst, öffne unseren Wiederherstellungs-Bot { $bot } auf Telegram, wähle Mit dem Support sprechen und nenne die Adresse, die deine war.
change-notice-sms-moved = Dein { $service }-Konto wurde am { $when } (UTC) geändert: { $what }. Mit dieser Nummer geht kein Zurücksetzen mehr. Warst du es nicht? Sprich in unserem Telegram-Bot { $bot } mit dem Support.

## Delivery queue and storage faults
delivery-delayed-email = Der Versand per E-Mail ist gerade verzögert; der Code kommt vielleicht später an.
delivery-delayed-sms = Der Versand per SMS ist gerade verzögert; der Code kommt vielleicht später an.
error-internal = Bei uns ist etwas schiefgegangen. Bitte versuche es später noch einmal.

# Sent once when a user sends messages faster than the bot takes them; the rest is ignored.
flood-slow-down = Du schickst Nachrichten schneller, als ich sie lesen kann, deshalb überspringe ich einige. Bitte mach langsamer und warte eine Minute, bevor du wieder schreibst.

## Moments (always UTC; the texts around them say so)
moment = { $day }. { $month } { $year }, { $time }
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember
