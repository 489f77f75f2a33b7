## Commands (Telegram's command menu)
cmd-start = Main menu
cmd-reset = Reset your password
cmd-help = Why can't I log in?
cmd-language = Change the language
cmd-pending = Changes waiting for your approval
cmd-unlink = Stop approval requests in this chat
cmd-cancel = Cancel what you are doing

## Buttons
btn-reset = Reset password
btn-help = Why can't I log in?
btn-language = Language
btn-resend = Send a new code
btn-cancel = Cancel
btn-open-private = Open a private chat
btn-approve = Approve
btn-deny = Deny
btn-link = Link this chat
btn-not-now = Not now

## Menu
welcome = Hi! I help you get back into your { $service } account and keep it safe. What would you like to do?
idle-hint = I didn't understand that. What would you like to do?
unknown-command = That command isn't available here.
cancel-done = Cancelled. Nothing was changed.
cancel-nothing = There is nothing to cancel. What would you like to do?
button-expired = This button doesn't work any more.
group-refused = For your safety I only help with accounts in a private chat, never in a group. Open a chat with @{ $bot } and send /start there.
error-storage = Sorry, I can't reach my records right now. Please try again in a minute.
help-checklist =
    Can't log in? Check these first:
    1. E-mail: is it written like name@example.com, with no spaces or typos?
    2. Phone: did you include your country code, like +44 20 7946 0958?
    3. Password: passwords are case-sensitive. Is Caps Lock on? If you type digits on a keypad, is Num Lock on?
    Still stuck? Reset your password.

## Language
language-choose = Choose your language:
language-set = I'll speak English from now on.
language-name-en = English
language-name-de = Deutsch
language-name-es = Español

## What each step expects
expect-identifier = Please type the e-mail address or mobile number of your account.
expect-code = Please type the 6-digit code we sent you.
expect-password = Please type your new password.
expect-confirmation = Please type your new password again.

## Reset: identifier
reset-ask-identifier =
    Let's reset your password. What is the e-mail address or mobile number of your account?
    Write a mobile number with its country code, like +44 20 7946 0958.
identifier-invalid-email = That e-mail address doesn't look right. It should look like name@example.com.
identifier-missing-country-code = Please add your country code: start the number with + and the country code, like +44 20 7946 0958 instead of 020 7946 0958.
identifier-invalid-phone = That phone number doesn't look valid. Check the digits and include the country code, like +44 20 7946 0958.
identifier-unrecognized = Please send the e-mail address or mobile number of your account, like name@example.com or +44 20 7946 0958.
identifier-country-not-served = We can't send text messages to numbers with the country code { $code }. Please use your e-mail address or a number from another country.

## Reset: code
code-sent =
    If an account uses { $identifier }, we sent a 6-digit code to it. The code is valid for { $minutes } minutes.
    Type the code here. I'll delete your message from the chat as soon as I've read it.
code-cooldown =
    If an account uses { $identifier }, we sent a code to it less than a minute ago. Please use that code, or ask for a new one in { $seconds } seconds.
code-hourly-limit = Too many codes were asked for { $identifier } in the last hour. Please use the last code we sent, or try again in { $minutes } minutes.
code-format = A code is 6 digits, like 123456. Please type the code from the message we sent you.
code-wrong =
    { $left ->
        [one] That code isn't right. You have 1 try left.
       *[other] That code isn't right. You have { $left } tries left.
    }
code-wrong-void = That code isn't right, and after too many tries it has been cancelled. Ask for a new code.
code-expired = That code has expired: codes are valid for 10 minutes. Ask for a new code.
code-void = That code can't be used any more: it was already used or replaced by a newer one. Ask for a new code.
code-accepted =
    Code accepted. Now choose a new password of at least { $min } characters.
    Spaces and emoji are fine, and there are no rules about symbols or digits: a few unrelated words make a strong password. I'll delete your message as soon as I've read it.
recovery-locked = For your safety, password reset for this account is paused until { $until } (UTC) after too many wrong codes. If you need help sooner, please contact support.
account-locked = This account is locked. Please contact support to unlock it.

## Reset: new password
password-too-short = That password is too short. Please use at least { $min } characters.
password-too-long = That password is too long. Please use at most { $max } characters.
password-guessable = That password is too easy to guess: it is common or follows a simple pattern. Try a few unrelated words instead.
password-contains-email = Your password must not contain your e-mail address. Please choose another one.
password-contains-name = Your password must not contain your name. Please choose another one.
password-control-characters = Your password contains invisible control characters. Please choose another one.
password-same-as-current = That is your current password. Please choose a new one.
password-confirm = Good. Now type the new password again to confirm it.
password-mismatch = The two passwords don't match. Please choose your new password again.
password-changed =
    Done: your password has been changed and works right away.
    You are not signed in by this: sign in with your new password. For your safety every session of your account was signed out, and we told your e-mail and phone about the change.
reset-window-expired = Your reset took too long and was stopped for your safety. Please start again.
password-attempts-reset = That was too many new passwords for one reset, so I stopped it for your safety. You can start again with a new code.

## E-mail and SMS
email-code-subject = Your { $service } recovery code
email-code-body =
    Your { $service } recovery code is { $code }.
    It is valid for { $minutes } minutes. Type it in your chat with the recovery bot { $bot } on Telegram.
    If you didn't ask for it, ignore this message: your password has not been changed.
    Never share this code with anyone. Our support team will never ask for it.
sms-code = { $code } is your { $service } recovery code. Valid for { $minutes } min. Never share it.
notice-email-subject = Your { $service } password was changed
notice-email-body =
    The password of your { $service } account was changed on { $when } (UTC) through the recovery bot { $bot } on Telegram. Every session of your account was signed out.
    If this wasn't you, reset your password right away and contact support.
notice-sms = Your { $service } password was changed on { $when } (UTC). If this wasn't you, reset it now and contact support.

## Linked chats and approvals
link-offer = Do you want approval requests for { $account } to come to this chat? A change to your account will then wait here for your Approve or Deny.
link-done = This chat is now linked to { $account }. Use /unlink to undo it.
link-declined = OK, this chat stays unlinked.
unlink-done = This chat is no longer linked to { $account } and gets no more approval requests.
unlink-none = This chat is not linked to any account.
pending-none = Nothing is waiting for your approval.
pending-not-linked = This chat is not linked to an account, so no approval requests come here. After a password reset or a sign-in with /settings I'll offer to link it.
approval-request =
    Did you ask for this change to your { $service } account?
    { $what }
    Asked by { $by }. Approve it only if it was you. This request expires at { $expires } (UTC).
approval-reason = Reason given: { $reason }
by-operator = the { $service } support team
by-service = the { $service } website or app
by-telegram = someone in another Telegram chat
change-what-email = New e-mail address: { $value }
change-what-phone = New phone number: { $value }
change-what-name = New name: { $value }
change-what-password-reset = A reset of your password
approval-approved = Approved. { $what }
approval-approved-not-applied = Approved, but the change could not be made. { $what }. Please contact support.
approval-denied = Denied. { $what }
approval-expired = Expired without an answer. { $what }
approval-denied-followup = You denied the change, so nothing was changed. If you didn't ask for it, someone may know your password: reset it now.
approval-reset-followup = Approved. Every session of your account was signed out. Choose your new password now.
notice-approval-done = Done.
notice-approval-handled = This request was already handled.
notice-approval-expired = This request has expired.
notice-approval-not-yours = This request is not for you.

## Support: the user's side
btn-support = Talk to support
cmd-support = Talk to support
support-ask =
    Tell me in a few words what went wrong, and I'll open a ticket for our support team.
    Never send a password or a code here: support will never ask for them.
support-opened =
    Your ticket #{ $ticket } is open. What you write here now goes to our support team, and their answers come back here.
    Never send a password or a code: support will never ask for them.
support-still-open = Your ticket #{ $ticket } is still open. Write here, and I'll pass it on to support.
support-unavailable = Sorry, support isn't available here.
support-rate-limited = You've sent several messages in a row. Please wait for support to answer before you write more.
support-secret-refused = That looks like a code or a password, so I deleted it and didn't pass it on. Support never needs your codes or passwords. If it was neither, please say it in other words.
support-describe-limited = I couldn't pass on several of your messages because they looked like codes or passwords. Please wait a few minutes, then describe your problem in other words.
support-reply =
    💬 Support (ticket #{ $ticket }):
    { $text }
support-taken = A support agent is now looking at your ticket #{ $ticket }.
support-closed = Support closed your ticket #{ $ticket }. If you need more help, tap “Talk to support”.
support-after-close = Your ticket #{ $ticket } is closed, so I didn't pass this on. If you need more help, tap “Talk to support”.
support-left = You left the chat with support. Ticket #{ $ticket } stays open and answers still reach you here. Send /support to write to support again.
support-unlocked = Support lifted the lock on your account. You can reset your password again now.
expect-description = Please describe your problem in a few words.
expect-support-message = Write your message to support here.

## Support: the agents' side (the staff chat speaks the default language)
cmd-tickets = Open tickets
cmd-take = Take a ticket: /take N
cmd-reply = Answer a ticket: /reply N text
cmd-close = Close a ticket: /close N [note]
cmd-account = An account's security status
cmd-unlock = Lift an account's locks
cmd-stats = Support numbers
staff-btn-take = Take
staff-btn-close = Close
staff-topic-name = #{ $ticket } · { $name }
staff-status-open = open
staff-status-taken = taken by { $agent }
staff-status-closed = closed
staff-card-title = 🎫 Ticket #{ $ticket } · { $status }
staff-card-user = From: { $name } (Telegram id { $id }, language { $language })
staff-card-account = Account: { $account } ({ $source })
staff-source-linked = this chat is linked to it, proven with a code
staff-source-typed = typed in a password reset from this chat, not proven
staff-card-no-account = Account: not known. Ask for the e-mail or phone it uses, then look it up with /account.
staff-card-closed = Closed by { $agent }.
staff-card-note = Note: { $note }
staff-card-problem =
    Problem:
    { $text }
staff-card-how-topic = Write in this topic to answer the user.
staff-card-how-reply = Reply to this message or to the user's messages to answer the user.
staff-account-title = Account { $account } ({ $name })
staff-account-contacts = E-mail: { $email } · Phone: { $phone }
staff-account-linked = Linked chats: { $count }
staff-account-locked = Locked by an operator or agent: recovery is refused until /unlock.
staff-recovery-locked = Password reset paused until { $until } (UTC) after too many wrong codes.
staff-recovery-open = Password reset: not paused.
staff-events = Last events:
staff-events-none = No events yet.
staff-event = {"  "}{ $at } { $event } ({ $actor })
staff-none = none
staff-account-unknown = No account uses that id, e-mail address or phone number.
staff-user-message =
    👤 { $name } (#{ $ticket }):
    { $text }
staff-agent-answered =
    { $agent } answered (#{ $ticket }):
    { $text }
staff-taken = Ticket #{ $ticket } taken by { $agent }.
staff-reassigned = Ticket #{ $ticket } taken over by { $agent } from { $from }.
staff-already-yours = Ticket #{ $ticket } is already yours.
staff-closed = Ticket #{ $ticket } closed by { $agent }. The user was told.
staff-ticket-closed = Ticket #{ $ticket } is closed.
staff-answer-closed = Ticket #{ $ticket } is closed: the user did not get your answer.
staff-no-ticket = There is no ticket #{ $ticket }.
staff-refused = Only support agents can do that.
staff-text-only = Only text reaches the user: please write your answer.
staff-reply-sent = Sent to the user of ticket #{ $ticket }.
staff-tickets-none = No open tickets.
staff-tickets-title = Open tickets: { $count }
staff-tickets-line = #{ $ticket } · { $status } · { $age } · { $name } · account { $account }
staff-tickets-more = … and { $count } more.
staff-stats =
    Tickets waiting: { $open } · being handled: { $taken }
    Median time to a first answer (tickets of the last 24 h): { $median }
    Last 24 h: { $tickets ->
        [one] 1 ticket
       *[other] { $tickets } tickets
    }, { $resets ->
        [one] 1 password reset
       *[other] { $resets } password resets
    }, { $lockouts ->
        [one] 1 lockout
       *[other] { $lockouts } lockouts
    }.
staff-unlocked = Account { $account } unlocked: password reset works again. Users told: { $told }.
staff-unlock-unproven = Not told, because the account is not proven for them: { $tickets }. Tell them with /reply if you need to.
staff-unlock-nothing = Account { $account } was not locked.
staff-usage-take = Usage: /take N (the ticket number)
staff-usage-close = Usage: /close N, optionally followed by a note
staff-usage-reply = Usage: /reply N followed by your answer
staff-usage-account = Usage: /account or /unlock followed by an e-mail address, a phone number or an account id.
age-minutes = { $n } min
age-hours = { $n } h
age-days = { $n } d

## Account settings (/settings)
cmd-settings = Change your account settings
btn-settings = Account settings
btn-pending = Pending approvals
btn-set-name = Name
btn-set-email = E-mail
btn-set-phone = Phone
btn-set-password = Password
btn-set-done = Done
expect-signin-password = Please type your current password.
expect-settings-choice = Choose what to change with the buttons, or press Done.
expect-name = Please type your new name.
expect-email = Please type your new e-mail address.
expect-phone = Please type your new mobile number with its country code.
signin-ask-identifier =
    Let's sign you in to change your account settings. What is the e-mail address or mobile number of your account?
    Write a mobile number with its country code, like +44 20 7946 0958.
signin-ask-password = Now type your current password. I'll delete your message as soon as I've read it.
signin-wrong =
    { $seconds ->
        [one] That e-mail address or phone number and password don't match. You can try again in 1 second.
       *[other] That e-mail address or phone number and password don't match. You can try again in { $seconds } seconds.
    }
signin-wait =
    { $seconds ->
        [one] Please wait 1 more second before trying again. I didn't check that password.
       *[other] Please wait { $seconds } more seconds before trying again. I didn't check that password.
    }
signin-locked = For your safety, sign-in is paused until { $until } (UTC) after too many wrong passwords. You can still reset your password, or contact support.
signin-code-sent =
    Password accepted. To be sure it's you, we sent a 6-digit code to { $identifier }. The code is valid for { $minutes } minutes.
    Type the code here. I'll delete your message as soon as I've read it.
signin-done = You're signed in.
settings-menu =
    Your account:
    Name: { $name }
    E-mail: { $email }
    Phone: { $phone }
    What do you want to change?
settings-not-set = not set
settings-ask-name = Type your new name (up to 100 characters).
settings-name-invalid = A name has 1 to 100 characters and no control characters. Please type it again.
settings-ask-email = Type your new e-mail address. I'll send a code to it to make sure it's yours.
settings-ask-phone = Type your new mobile number with its country code, like +44 20 7946 0958. I'll send a code to it by SMS to make sure it's yours.
settings-same-contact = Your account uses that already. Type a different one, or press Cancel.
settings-new-contact-limit =
    You can verify at most { $limit } new e-mail addresses or phone numbers an hour. { $minutes ->
        [one] Please try again in 1 minute.
       *[other] Please try again in { $minutes } minutes.
    }
settings-contact-code-sent =
    We sent a 6-digit code to { $identifier }. The code is valid for { $minutes } minutes.
    Type it here to confirm the new { $kind ->
        [email] e-mail address
       *[phone] number
    }. I'll delete your message as soon as I've read it.
settings-ask-password =
    Choose a new password of at least { $min } characters.
    Spaces and emoji are fine, and there are no rules about symbols or digits: a few unrelated words make a strong password. I'll delete your message as soon as I've read it.
settings-saved-name = Saved: your name is now { $value }. We told your e-mail and phone about the change.
settings-saved-email = Saved: your e-mail address is now { $value }. We told your previous e-mail address and your phone.
settings-saved-phone = Saved: your phone number is now { $value }. We told your previous number and your e-mail.
settings-saved-password = Saved: your new password works right away. Every other session of your account was signed out, and we told your e-mail and phone.
settings-pending = This chat is not linked to your account, so the change waits for your approval in your linked Telegram chat. Press Approve there before { $expires } (UTC); until then nothing changes.
settings-pending-limit =
    { $limit ->
        [one] This chat is not linked to your account, so a change made here waits for approval in your linked Telegram chat, and 1 change is waiting there already, the most that may wait at once. Nothing was changed. Approve or deny it in your linked chat (/pending shows it there), or try again once it has expired.
       *[other] This chat is not linked to your account, so a change made here waits for approval in your linked Telegram chat, and { $limit } changes are waiting there already, the most that may wait at once. Nothing was changed. Approve or deny them in your linked chat (/pending shows them there), or try again once they have expired.
    }
settings-contact-taken = Another account uses that, so it can't be added to this one. Nothing was changed.
settings-expired = Your settings session has ended (after { $minutes } minutes without activity, or because you were signed out). Please sign in again.
settings-done = You're signed out of your account settings. What would you like to do?
password-attempts-settings = That was too many new passwords for one session, so I signed you out of your account settings for your safety. You can sign in again and try once more.
signin-code-subject = Your { $service } sign-in code
signin-code-body =
    Your { $service } sign-in code is { $code }. It is valid for { $minutes } minutes.
    Someone typed your password in our recovery bot { $bot } on Telegram to change your account settings. If this wasn't you, don't share the code: reset your password right away and contact support.
    Never share this code with anyone. Our support team will never ask for it.
signin-sms-code = { $code } is your { $service } sign-in code. Valid for { $minutes } min. Never share it. Not you? Reset your password.
contact-code-subject = Confirm your new { $service } e-mail address
contact-code-body =
    Your code to add this e-mail address to your { $service } account is { $code }. It is valid for { $minutes } minutes.
    Type it in your chat with our recovery bot { $bot } on Telegram. If you didn't ask for this, ignore this message: nothing changes without the code.
contact-sms-code = { $code } confirms this number for your { $service } account. Valid for { $minutes } min. Never share it.
change-what-password = A new password
change-notice-subject = Your { $service } account was changed
change-notice-body =
    A change was made to your { $service } account on { $when } (UTC): { $what }
    If this wasn't you, undo it now: open our recovery bot { $bot } on Telegram, choose Reset password, and talk to support. If a request is waiting in your linked Telegram chat, press Deny there.
change-notice-sms = Your { $service } account was changed on { $when } (UTC): { $what }. Not you? Reset your password in our Telegram bot { $bot } and contact support.
change-notice-body-moved =
    A change was made to your { $service } account on { $when } (UTC): { $what }
    This address is no longer on the account, so it can't be used to reset the password. If this wasn't you, open our recovery bot { $bot } on Telegram, choose Talk to support, and say which address was yours.
change-notice-sms-moved = Your { $service } account was changed on { $when } (UTC): { $what }. This number no longer works for a reset. Not you? Talk to support in our Telegram bot { $bot }.

## Delivery queue and storage faults
delivery-delayed-email = Deliveries by e-mail are delayed right now; the code may arrive late.
delivery-delayed-sms = Deliveries by SMS are delayed right now; the code may arrive late.
error-internal = Something went wrong on our side. Please try again later.

# Sent once when a user sends messages faster than the bot takes them; the rest is ignored.
flood-slow-down = You are sending messages faster than I can read them, so I am skipping some. Please slow down and wait a minute before you write again.

## Moments (always UTC; the texts around them say so)
moment = { $day } { $month } { $year }, { $time }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
