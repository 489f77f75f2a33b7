## Comandos (menú de comandos de Telegram)
cmd-start = Menú principal
cmd-reset = Restablecer tu contraseña
cmd-help = ¿Por qué no puedo iniciar sesión?
cmd-language = Cambiar el idioma
cmd-pending = Cambios que esperan tu aprobación
cmd-unlink = Dejar de recibir solicitudes de aprobación en este chat
cmd-cancel = Cancelar lo que estás haciendo

## Botones
btn-reset = Restablecer contraseña
btn-help = ¿Por qué no puedo entrar?
btn-language = Idioma
btn-resend = Enviar un código nuevo
btn-cancel = Cancelar
btn-open-private = Abrir un chat privado
btn-approve = Aprobar
btn-deny = Rechazar
btn-link = Vincular este chat
btn-not-now = Ahora no

## Menú
welcome = ¡Hola! Te ayudo a recuperar el acceso a tu cuenta de { $service } y a mantenerla segura. ¿Qué quieres hacer?
idle-hint = No te he entendido. ¿Qué quieres hacer?
unknown-command = Ese comando no está disponible aquí.
cancel-done = Cancelado. No se ha cambiado nada.
cancel-nothing = No hay nada que cancelar. ¿Qué quieres hacer?
button-expired = Este botón ya no funciona.
group-refused = Por tu seguridad, solo ayudo con cuentas en un chat privado, nunca en un grupo. Abre un chat con @{ $bot } y envía /start allí.
error-storage = Lo siento, ahora mismo no puedo acceder a mis registros. Inténtalo de nuevo en un minuto.
help-checklist =
    ¿No puedes iniciar sesión? Revisa esto primero:
    1. Correo electrónico: ¿está escrito como name@example.com, sin espacios ni erratas?
    2. Teléfono: ¿has incluido el prefijo del país, como +34 612 34 56 78?
    3. Contraseña: las contraseñas distinguen entre mayúsculas y minúsculas. ¿Está activado Bloq Mayús? Si escribes números con el teclado numérico, ¿está activado Bloq Num?
    ¿Sigues sin poder entrar? Restablece tu contraseña.

## Idioma
language-choose = Elige tu idioma:
language-set = A partir de ahora hablaré español.
language-name-en = English
language-name-de = Deutsch
language-name-es = Español

## Qué espera cada paso
expect-identifier = Escribe el correo electrónico o el número de móvil de tu cuenta.
expect-code = Escribe el código de 6 dígitos que te hemos enviado.
expect-password = Escribe tu nueva contraseña.
expect-confirmation = Vuelve a escribir tu nueva contraseña.

## Restablecer: identificador
reset-ask-identifier =
    Vamos a restablecer tu contraseña. ¿Cuál es el correo electrónico o el número de móvil de tu cuenta?
    Escribe el número de móvil con el prefijo del país, como +34 612 34 56 78.
identifier-invalid-email = Ese correo electrónico no parece correcto. Debería tener este formato: name@example.com.
identifier-missing-country-code = Añade el prefijo del país: empieza el número con + y el prefijo, como +34 612 34 56 78 en lugar de 612 34 56 78.
identifier-invalid-phone = Ese número de teléfono no parece válido. Revisa los dígitos e incluye el prefijo del país, como +34 612 34 56 78.
identifier-unrecognized = Envía el correo electrónico o el número de móvil de tu cuenta, como name@example.com o +34 612 34 56 78.
identifier-country-not-served = No podemos enviar SMS a números con el prefijo { $code }. Usa tu correo electrónico o un número de otro país.

## Restablecer: código
code-sent =
    Si { $identifier } pertenece a una cuenta, hemos enviado allí un código de 6 dígitos. El código es válido durante { $minutes } minutos.
    Escribe el código aquí. Borraré tu mensaje del chat en cuanto lo haya leído.
code-cooldown =
    Si { $identifier } pertenece a una cuenta, hemos enviado allí un código hace menos de un minuto. Usa ese código o espera { $seconds } segundos para pedir uno nuevo.
code-hourly-limit = Se han pedido demasiados códigos para { $identifier } en la última hora. Usa el último código que te enviamos o vuelve a intentarlo dentro de { $minutes } minutos.
code-format = Un código tiene 6 dígitos, como 123456. Escribe el código del mensaje que te enviamos.
code-wrong =
    { $left ->
        [one] Ese código no es correcto. Te queda 1 intento.
       *[other] Ese código no es correcto. Te quedan { $left } intentos.
    }
code-wrong-void = Ese código no es correcto y, tras demasiados intentos, se ha anulado. Pide un código nuevo.
code-expired = Ese código ha caducado: los códigos son válidos durante 10 minutos. Pide un código nuevo.
code-void = Ese código ya no se puede usar: ya se usó o se sustituyó por uno más reciente. Pide un código nuevo.
code-accepted =
    Código aceptado. Ahora elige una contraseña nueva de al menos { $min } caracteres.
    Puedes usar espacios y emojis, y no hay reglas sobre símbolos ni números: unas cuantas palabras sin relación entre sí forman una contraseña segura. Borraré tu mensaje en cuanto lo haya leído.
recovery-locked = Por tu seguridad, el restablecimiento de contraseña de esta cuenta está en pausa hasta { $until } (UTC) tras demasiados códigos incorrectos. Si necesitas ayuda antes, contacta con el soporte.
account-locked = Esta cuenta está bloqueada. Contacta con el soporte para desbloquearla.

## Restablecer: nueva contraseña
password-too-short = Esa contraseña es demasiado corta. Usa al menos { $min } caracteres.
password-too-long = Esa contraseña es demasiado larga. Usa como máximo { $max } caracteres.
password-guessable = Esa contraseña es demasiado fácil de adivinar: es muy común o sigue un patrón sencillo. Prueba mejor con unas cuantas palabras sin relación entre sí.
password-contains-email = Tu contraseña no puede contener tu correo electrónico. Elige otra.
password-contains-name = Tu contraseña no puede contener tu nombre. Elige otra.
password-control-characters = Tu contraseña contiene caracteres de control invisibles. Elige otra.
password-same-as-current = Esa es tu contraseña actual. Elige una nueva.
password-confirm = Bien. Ahora vuelve a escribir la nueva contraseña para confirmarla.
password-mismatch = Las dos contraseñas no coinciden. Vuelve a elegir tu nueva contraseña.
password-changed =
    Listo: tu contraseña se ha cambiado y ya funciona.
    Esto no inicia sesión por ti: entra con tu nueva contraseña. Por tu seguridad, se han cerrado todas las sesiones de tu cuenta y hemos avisado del cambio a tu correo electrónico y a tu teléfono.
reset-window-expired = El restablecimiento ha tardado demasiado y se ha detenido por tu seguridad. Vuelve a empezar.
password-attempts-reset = Has probado demasiadas contraseñas nuevas en un mismo restablecimiento, así que lo he detenido por tu seguridad. Puedes volver a empezar con un código nuevo.

## Correo electrónico y SMS
email-code-subject = Tu código de recuperación de { $service }
email-code-body =
    Tu código de recuperación de { $service } es { $code }.
    Es válido durante { $minutes } minutos. Escríbelo en tu chat con el bot de recuperación { $bot } en Telegram.
    Si no lo has pedido, ignora este mensaje: tu contraseña no se ha cambiado.
    No compartas nunca este código con nadie. Nuestro equipo de soporte nunca te lo pedirá.
sms-code = { $code } es tu código de recuperación de { $service }. Válido durante { $minutes } min. No lo compartas nunca.
notice-email-subject = Se ha cambiado tu contraseña de { $service }
notice-email-body =
    La contraseña de tu cuenta de { $service } se cambió el { $when } (UTC) a través del bot de recuperación { $bot } en Telegram. Se han cerrado todas las sesiones de tu cuenta.
    Si no has sido tú, restablece tu contraseña ahora mismo y contacta con el soporte.
notice-sms = Tu contraseña de { $service } se cambió el { $when } (UTC). Si no has sido tú, restablécela ahora y contacta con el soporte.

## Chats vinculados y aprobaciones
link-offer = ¿Quieres que las solicitudes de aprobación de { $account } lleguen a este chat? Así, cualquier cambio en tu cuenta esperará aquí a que lo apruebes o lo rechaces.
link-done = Este chat ya está vinculado a { $account }. Usa /unlink para deshacerlo.
link-declined = De acuerdo, este chat seguirá sin vincular.
unlink-done = Este chat ya no está vinculado a { $account } y no recibirá más solicitudes de aprobación.
unlink-none = Este chat no está vinculado a ninguna cuenta.
pending-none = No hay nada esperando tu aprobación.
pending-not-linked = Este chat no está vinculado a ninguna cuenta, así que aquí no llegan solicitudes de aprobación. Después de restablecer una contraseña o de iniciar sesión con /settings, te ofreceré vincularlo.
approval-request =
    ¿Has pedido este cambio en tu cuenta de { $service }?
    { $what }
    Solicitado por { $by }. Apruébalo solo si has sido tú. Esta solicitud caduca el { $expires } (UTC).
approval-reason = Motivo indicado: { $reason }
by-operator = el equipo de soporte de { $service }
by-service = la web o la app de { $service }
by-telegram = alguien en otro chat de Telegram
change-what-email = Nuevo correo electrónico: { $value }
change-what-phone = Nuevo número de teléfono: { $value }
change-what-name = Nuevo nombre: { $value }
change-what-password-reset = Restablecimiento de tu contraseña
approval-approved = Aprobado. { $what }
approval-approved-not-applied = Aprobado, pero no se ha podido hacer el cambio. { $what }. Contacta con el soporte.
approval-denied = Rechazado. { $what }
approval-expired = Caducado sin respuesta. { $what }
approval-denied-followup = Has rechazado el cambio, así que no se ha cambiado nada. Si no lo pediste tú, puede que alguien conozca tu contraseña: restablécela ahora.
approval-reset-followup = Aprobado. Se han cerrado todas las sesiones de tu cuenta. Elige ahora tu nueva contraseña.
notice-approval-done = Hecho.
notice-approval-handled = Esta solicitud ya se ha gestionado.
notice-approval-expired = Esta solicitud ha caducado.
notice-approval-not-yours = Esta solicitud no es para ti.

## Soporte: el lado de los usuarios
btn-support = Hablar con soporte
cmd-support = Hablar con soporte
support-ask =
    Cuéntame en pocas palabras qué ha fallado y abriré una incidencia para nuestro equipo de soporte.
    Nunca envíes aquí una contraseña ni un código: soporte nunca te los pedirá.
support-opened =
    Tu incidencia #{ $ticket } está abierta. Lo que escribas aquí ahora llega a nuestro equipo de soporte, y sus respuestas llegan aquí.
    Nunca envíes una contraseña ni un código: soporte nunca te los pedirá.
support-still-open = Tu incidencia #{ $ticket } sigue abierta. Escribe aquí y se lo pasaré a soporte.
support-unavailable = Lo siento, aquí no hay soporte disponible.
support-rate-limited = Has enviado varios mensajes seguidos. Espera a que soporte te responda antes de escribir más.
support-secret-refused = Eso parece un código o una contraseña, así que lo he borrado y no lo he pasado. Soporte nunca necesita tus códigos ni tus contraseñas. Si no era ninguna de las dos cosas, dilo con otras palabras.
support-describe-limited = No he podido pasar varios de tus mensajes porque parecían códigos o contraseñas. Espera unos minutos y describe tu problema con otras palabras.
support-reply =
    💬 Soporte (incidencia #{ $ticket }):
    { $text }
support-taken = Una persona de soporte está revisando tu incidencia #{ $ticket }.
support-closed = Soporte ha cerrado tu incidencia #{ $ticket }. Si necesitas más ayuda, toca «Hablar con soporte».
support-after-close = Tu incidencia #{ $ticket } está cerrada, así que no he pasado esto a soporte. Si necesitas más ayuda, toca «Hablar con soporte».
support-left = Has salido del chat con soporte. La incidencia #{ $ticket } sigue abierta y las respuestas te siguen llegando aquí. Envía /support para volver a escribir a soporte.
support-unlocked = Soporte ha quitado el bloqueo de tu cuenta. Ya puedes volver a restablecer tu contraseña.
expect-description = Describe tu problema en pocas palabras.
expect-support-message = Escribe aquí tu mensaje para soporte.

## Soporte: el lado del equipo (el chat del equipo usa el idioma predeterminado)
cmd-tickets = Incidencias abiertas
cmd-take = Asignarte una incidencia: /take N
cmd-reply = Responder una incidencia: /reply N texto
cmd-close = Cerrar una incidencia: /close N [nota]
cmd-account = Estado de seguridad de una cuenta
cmd-unlock = Quitar los bloqueos de una cuenta
cmd-stats = Cifras de soporte
staff-btn-take = Asignármela
staff-btn-close = Cerrar
staff-topic-name = #{ $ticket } · { $name }
staff-status-open = abierta
staff-status-taken = asignada a { $agent }
staff-status-closed = cerrada
staff-card-title = 🎫 Incidencia #{ $ticket } · { $status }
staff-card-user = De: { $name } (id de Telegram { $id }, idioma { $language })
staff-card-account = Cuenta: { $account } ({ $source })
staff-source-linked = este chat está vinculado a ella, confirmado con un código
staff-source-typed = escrita al restablecer la contraseña desde este chat, sin comprobar
staff-card-no-account = Cuenta: desconocida. Pregunta qué correo o teléfono usa y búscala con /account.
staff-card-closed = Cerrada por { $agent }.
staff-card-note = Nota: { $note }
staff-card-problem =
    Problema:
    { $text }
staff-card-how-topic = Escribe en este tema para responder.
staff-card-how-reply = Responde a este mensaje o a los mensajes de la persona para contestarle.
staff-account-title = Cuenta { $account } ({ $name })
staff-account-contacts = Correo: { $email } · Teléfono: { $phone }
staff-account-linked = Chats vinculados: { $count }
staff-account-locked = Bloqueada por un operador o por soporte: la recuperación se rechaza hasta /unlock.
staff-recovery-locked = Restablecimiento en pausa hasta { $until } (UTC) tras demasiados códigos incorrectos.
staff-recovery-open = Restablecimiento: sin pausa.
staff-events = Últimos eventos:
staff-events-none = Todavía no hay eventos.
staff-event = {"  "}{ $at } { $event } ({ $actor })
staff-none = ninguno
staff-account-unknown = Ninguna cuenta usa ese id, correo o número de teléfono.
staff-user-message =
    👤 { $name } (#{ $ticket }):
    { $text }
staff-agent-answered =
    { $agent } ha respondido (#{ $ticket }):
    { $text }
staff-taken = Incidencia #{ $ticket } asignada a { $agent }.
staff-reassigned = Incidencia #{ $ticket } pasada de { $from } a { $agent }.
staff-already-yours = La incidencia #{ $ticket } ya es tuya.
staff-closed = Incidencia #{ $ticket } cerrada por { $agent }. Se ha avisado a la persona.
staff-ticket-closed = La incidencia #{ $ticket } está cerrada.
staff-answer-closed = La incidencia #{ $ticket } está cerrada: tu respuesta no ha llegado.
staff-no-ticket = No existe la incidencia #{ $ticket }.
staff-refused = Solo el equipo de soporte puede hacer eso.
staff-text-only = Solo el texto llega a la persona: escribe tu respuesta.
staff-reply-sent = Enviado a la persona de la incidencia #{ $ticket }.
staff-tickets-none = No hay incidencias abiertas.
staff-tickets-title = Incidencias abiertas: { $count }
staff-tickets-line = #{ $ticket } · { $status } · { $age } · { $name } · cuenta { $account }
staff-tickets-more = … y { $count } más.
staff-stats =
    Incidencias en espera: { $open } · en curso: { $taken }
    Mediana hasta la primera respuesta (incidencias de las últimas 24 h): { $median }
    Últimas 24 h: { $tickets ->
        [one] 1 incidencia
       *[other] { $tickets } incidencias
    }, { $resets ->
        [one] 1 contraseña restablecida
       *[other] { $resets } contraseñas restablecidas
    }, { $lockouts ->
        [one] 1 bloqueo
       *[other] { $lockouts } bloqueos
    }.
staff-unlocked = Cuenta { $account } desbloqueada: el restablecimiento vuelve a funcionar. Personas avisadas: { $told }.
staff-unlock-unproven = Sin avisar, porque la cuenta no está demostrada para ellas: { $tickets }. Avísales con /reply si hace falta.
staff-unlock-nothing = La cuenta { $account } no estaba bloqueada.
staff-usage-take = Uso: /take N (el número de la incidencia)
staff-usage-close = Uso: /close N, opcionalmente seguido de una nota
staff-usage-reply = Uso: /reply N seguido de tu respuesta
staff-usage-account = Uso: /account o /unlock seguido de un correo, un número de teléfono o un id de cuenta.
age-minutes = { $n } min
age-hours = { $n } h
age-days = { $n } d

## Ajustes de la cuenta (/settings)
cmd-settings = Cambiar los ajustes de tu cuenta
btn-settings = Ajustes de la cuenta
btn-pending = Aprobaciones pendientes
btn-set-name = Nombre
btn-set-email = Correo
btn-set-phone = Teléfono
btn-set-password = Contraseña
btn-set-done = Listo
expect-signin-password = Escribe tu contraseña actual.
expect-settings-choice = Elige qué cambiar con los botones, o pulsa Listo.
expect-name = Escribe tu nuevo nombre.
expect-email = Escribe tu nueva dirección de correo.
expect-phone = Escribe tu nuevo número de móvil con el prefijo del país.
signin-ask-identifier =
    Inicia sesión para cambiar los ajustes de tu cuenta. ¿Cuál es la dirección de correo o el número de móvil de tu cuenta?
    Escribe el número de móvil con el prefijo del país, como +34 612 34 56 78.
signin-ask-password = Ahora escribe tu contraseña actual. Borraré tu mensaje en cuanto lo lea.
signin-wrong =
    { $seconds ->
        [one] La dirección de correo o el teléfono y la contraseña no coinciden. Puedes volver a intentarlo en 1 segundo.
       *[other] La dirección de correo o el teléfono y la contraseña no coinciden. Puedes volver a intentarlo en { $seconds } segundos.
    }
signin-wait =
    { $seconds ->
        [one] Espera 1 segundo más antes de volver a intentarlo. No he comprobado esa contraseña.
       *[other] Espera { $seconds } segundos más antes de volver a intentarlo. No he comprobado esa contraseña.
    }
signin-locked = Por tu seguridad, el inicio de sesión está pausado hasta el { $until } (UTC) tras demasiadas contraseñas incorrectas. Aun así puedes restablecer tu contraseña o contactar con soporte.
signin-code-sent =
    Contraseña aceptada. Para asegurarnos de que eres tú, hemos enviado un código de 6 dígitos a { $identifier }. El código es válido durante { $minutes } minutos.
    Escribe el código aquí. Borraré tu mensaje en cuanto lo lea.
signin-done = Has iniciado sesión.
settings-menu =
    Tu cuenta:
    Nombre: { $name }
    Correo: { $email }
    Teléfono: { $phone }
    ¿Qué quieres cambiar?
settings-not-set = sin indicar
settings-ask-name = Escribe tu nuevo nombre (hasta 100 caracteres).
settings-name-invalid = Un nombre tiene de 1 a 100 caracteres y ningún carácter de control. Escríbelo de nuevo.
settings-ask-email = Escribe tu nueva dirección de correo. Te enviaré un código para comprobar que es tuya.
settings-ask-phone = Escribe tu nuevo número de móvil con el prefijo del país, como +34 612 34 56 78. Te enviaré un código por SMS para comprobar que es tuyo.
settings-same-contact = Tu cuenta ya usa eso. Escribe otro distinto o pulsa Cancelar.
settings-new-contact-limit =
    Puedes verificar como máximo { $limit } direcciones de correo o números de teléfono nuevos por hora. { $minutes ->
        [one] Vuelve a intentarlo dentro de 1 minuto.
       *[other] Vuelve a intentarlo dentro de { $minutes } minutos.
    }
settings-contact-code-sent =
    Hemos enviado un código de 6 dígitos a { $identifier }. El código es válido durante { $minutes } minutos.
    Escríbelo aquí para confirmar { $kind ->
        [email] la nueva dirección de correo
       *[phone] el nuevo número
    }. Borraré tu mensaje en cuanto lo lea.
settings-ask-password =
    Elige una nueva contraseña de al menos { $min } caracteres.
    Se permiten espacios y emoji, y no hay reglas sobre símbolos o dígitos: unas cuantas palabras sin relación entre sí forman una contraseña fuerte. Borraré tu mensaje en cuanto lo lea.
settings-saved-name = Guardado: ahora tu nombre es { $value }. Hemos avisado del cambio a tu correo y a tu teléfono.
settings-saved-email = Guardado: ahora tu dirección de correo es { $value }. Hemos avisado a tu dirección anterior y a tu teléfono.
settings-saved-phone = Guardado: ahora tu número de teléfono es { $value }. Hemos avisado a tu número anterior y a tu correo.
settings-saved-password = Guardado: tu nueva contraseña funciona desde ya. Se cerraron las demás sesiones de tu cuenta y hemos avisado a tu correo y a tu teléfono.
settings-pending = Este chat no está vinculado a tu cuenta, así que el cambio espera tu aprobación en tu chat de Telegram vinculado. Pulsa Aprobar allí antes del { $expires } (UTC); hasta entonces no cambia nada.
settings-pending-limit =
    { $limit ->
        [one] Este chat no está vinculado a tu cuenta, así que un cambio hecho aquí espera tu aprobación en tu chat de Telegram vinculado, y allí ya espera 1 cambio, el máximo que puede esperar a la vez. No se ha cambiado nada. Apruébalo o recházalo en tu chat vinculado (/pending lo muestra allí), o inténtalo de nuevo cuando haya caducado.
       *[other] Este chat no está vinculado a tu cuenta, así que un cambio hecho aquí espera tu aprobación en tu chat de Telegram vinculado, y allí ya esperan { $limit } cambios, el máximo que puede esperar a la vez. No se ha cambiado nada. Apruébalos o recházalos en tu chat vinculado (/pending los muestra allí), o inténtalo de nuevo cuando hayan caducado.
    }
settings-contact-taken = Otra cuenta ya usa eso, así que no se puede añadir a esta. No se ha cambiado nada.
settings-expired = Tu sesión de ajustes ha terminado (tras { $minutes } minutos sin actividad, o porque se cerró tu sesión). Inicia sesión de nuevo.
settings-done = Has cerrado la sesión de los ajustes de tu cuenta. ¿Qué quieres hacer?
password-attempts-settings = Has probado demasiadas contraseñas nuevas en una misma sesión, así que he cerrado tu sesión de los ajustes de la cuenta por tu seguridad. Puedes iniciar sesión de nuevo y volver a intentarlo.
signin-code-subject = Tu código de inicio de sesión de { $service }
signin-code-body =
    Tu código de inicio de sesión de { $service } es { $code }. Es válido durante { $minutes } minutos.
    Alguien escribió tu contraseña en nuestro bot de recuperación { $bot } de Telegram para cambiar los ajustes de tu cuenta. Si no fuiste tú, no compartas el código: restablece tu contraseña enseguida y contacta con soporte.
    No compartas nunca este código. Nuestro equipo de soporte nunca te lo pedirá.
signin-sms-code = { $code } es tu código de inicio de sesión de { $service }. Válido { $minutes } min. No lo compartas. ¿No fuiste tú? Restablece tu contraseña.
contact-code-subject = Confirma tu nueva dirección de correo de { $service }
contact-code-body =
    Tu código para añadir esta dirección de correo a tu cuenta de { $service } es { $code }. Es válido durante { $minutes } minutos.
    Escríbelo en tu chat con nuestro bot de recuperación { $bot } de Telegram. Si no lo pediste, ignora este mensaje: sin el código no cambia nada.
contact-sms-code = { $code } confirma este número para tu cuenta de { $service }. Válido { $minutes } min. No lo compartas.
change-what-password = Una nueva contraseña
change-notice-subject = Se ha modificado tu cuenta de { $service }
change-notice-body =
    Se hizo un cambio en tu cuenta de { $service } el { $when } (UTC): { $what }
    Si no fuiste tú, deshazlo ahora: abre nuestro bot de recuperación { $bot } en Telegram, elige Restablecer contraseña y habla con soporte. Si hay una solicitud esperando en tu chat de Telegram vinculado, pulsa Rechazar allí.
change-notice-sms = Tu cuenta de { $service } se modificó el { $when } (UTC): { $what }. ¿No fuiste tú? Restablece tu contraseña en nuestro bot de Telegram { $bot } y contacta con soporte.
change-notice-body-moved =
    Se hizo un cambio en tu cuenta de { $service } el { $when } (UTC): { $what }
    Esta dirección ya no está en la cuenta, así que no sirve para restablecer la contraseña. Si no fuiste tú, abre nuestro bot de recuperación { $bot } en Telegram, elige Hablar con soporte e indica qué dirección era la tuya.
change-notice-sms-moved = Tu cuenta de { $service } se modificó el { $when } (UTC): { $what }. Este número ya no sirve para restablecer. ¿No fuiste tú? Habla con soporte en nuestro bot de Telegram { $bot }.

## Delivery queue and storage faults
delivery-delayed-email = Los envíos por correo electrónico van con retraso; el código puede tardar en llegar.
delivery-delayed-sms = Los envíos por SMS van con retraso; el código puede tardar en llegar.
error-internal = Algo ha fallado por nuestra parte. Inténtalo de nuevo más tarde.

# Sent once when a user sends messages faster than the bot takes them; the rest is ignored.
flood-slow-down = Estás enviando mensajes más rápido de lo que puedo leerlos, así que me salto algunos. Por favor, ve más despacio y espera un minuto antes de volver a escribir.

## Moments (always UTC; the texts around them say so)
moment = { $day } de { $month } de { $year }, { $time }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
