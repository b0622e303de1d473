# Textos del comprobador de tokens (crates/token-check emite los ids; token-check-web los muestra).
# Solo se admiten: texto, { $variable } y selecciones sobre una variable con categorías de plural
# o claves literales. Las fechas ($date) y las listas ($scopes) las formatea el navegador.
# Todo lo citado de GitLab ($message) se muestra como texto plano.

## Form

checker-title = Comprueba tu token
checker-host-label = Dirección de GitLab
checker-host-placeholder = gitlab.com
checker-host-hint = Deja gitlab.com si usas GitLab.com. Si es el GitLab de tu empresa, escribe su dirección, por ejemplo https://gitlab.example.com.
checker-token-label = Token de acceso personal
checker-token-hint = Normalmente empieza por glpat-. Pega solo el token.
checker-token-show = Mostrar
checker-token-hide = Ocultar
checker-check-button = Comprobar token
checker-checking = Comprobando…
checker-privacy = Tu token va directamente de tu navegador a la dirección de GitLab de arriba. Este sitio nunca lo recibe y no se guarda nada.
checker-requires = Esta guía necesita: { $scopes }
checker-requires-any = Esta guía necesita uno de estos: { $scopes }
checker-create-token-link = Crea un token con estos ámbitos
checker-confirm-button = Enviar a esta dirección de todos modos
checker-stopped = El comprobador se ha detenido inesperadamente y tu token no se ha comprobado. Recarga la página para volver a intentarlo.
checker-stopped-retry = Recargar y volver a intentarlo
checker-curl-intro = Sin JavaScript, comprueba tu token con curl en una terminal. Cambia gitlab.com por la dirección de tu GitLab:
checker-token-cleared = El campo se vacía después de cada comprobación.

## Result sections

checker-result-ok = Funciona
checker-result-warning = Funciona, con avisos
checker-result-error = No funciona
checker-heading-token = Token
checker-heading-owner = Propietario
checker-heading-scopes = Ámbitos
checker-heading-expiry = Caducidad
checker-heading-version = Versión de GitLab
checker-heading-details = Detalles
checker-heading-fixes = Qué hacer
checker-token-name-label = Nombre
checker-created-label = Creado
checker-last-used-label = Último uso
checker-last-used-never = Nunca usado
checker-expires-label = Caduca
checker-expires-never = Nunca
checker-scopes-granted-label = Concedidos
checker-scopes-missing-label = Faltan
checker-scopes-extra-label = Más de lo necesario
checker-owner-bot = cuenta de bot
checker-troubleshooting-link = Qué significa y cómo arreglarlo

## Result

verdict-ok = Tu token funciona

## Verdicts
## Un id por cada fallo o aviso; cada uno es el título de una sección de la página de solución
## de problemas (el ancla de la sección es el propio id).

verdict-host-rejected = No se puede usar esta dirección de GitLab
verdict-host-lookalike = Revisa la dirección antes de enviar tu token
verdict-token-rejected = El token no se puede comprobar tal como está
verdict-wrong-token-type = Esto no es un token de acceso personal
verdict-token-damaged = El token está incompleto o mal copiado
verdict-token-unknown = GitLab no reconoce este token
verdict-token-expired = El token ha caducado
verdict-token-revoked = El token se ha revocado
verdict-token-invalid = GitLab rechaza este token
verdict-token-inactive = El token ya no está activo
verdict-account-blocked = Tu cuenta no puede usar la API
verdict-not-a-pat = GitLab dice que no es un token de acceso personal
verdict-missing-scopes = Al token le faltan ámbitos que necesita esta guía
verdict-not-gitlab-api = No hay una API de GitLab en esta dirección
verdict-unexpected-response = Ha respondido algo que no es GitLab
verdict-proxy-auth = Un proxy delante de GitLab te pide iniciar sesión
verdict-rate-limited = Demasiadas peticiones: límite de frecuencia de GitLab
verdict-server-error = GitLab ha tenido un error del servidor
verdict-http-error = GitLab ha respondido con un error inesperado
verdict-network-error = No se ha podido conectar con GitLab
verdict-timeout = GitLab ha tardado demasiado en responder
verdict-redirect = Esta dirección redirige: hay que llamar a la API de GitLab en su dirección final
verdict-response-too-large = La respuesta es demasiado grande para ser de GitLab
verdict-expires-today = El token caduca hoy
verdict-expires-very-soon = El token caduca en pocos días
verdict-expires-soon = El token caduca en menos de un mes
verdict-never-expires = El token no caduca nunca
verdict-extra-scopes = El token tiene más ámbitos de los necesarios
verdict-fine-grained = Token de permisos detallados: no se pueden comparar los ámbitos
verdict-scopes-unknown = El token funciona, pero no se pueden leer sus ámbitos

## Address problems (shown under the address field)

host-empty = Escribe la dirección de tu GitLab, por ejemplo gitlab.com o https://gitlab.example.com.
host-whitespace = La dirección tiene espacios. Escribe solo la dirección, por ejemplo https://gitlab.example.com.
host-credentials = La dirección incluye un usuario o una contraseña (usuario:contraseña@). Quítalos: el comprobador solo necesita el nombre de host, y una contraseña en una dirección acaba en logs y en el historial del navegador.
host-ssh-address = Esta es una dirección de clonado por SSH. El comprobador habla con GitLab por HTTPS: usa { $url }.
host-bad-scheme = No se pueden usar direcciones que empiezan por { $scheme }://. Escribe una dirección https://.
host-insecure-http = Con http:// tu token viajaría sin cifrar. Usa { $url }. Solo se acepta http sin cifrar para este mismo equipo (localhost).
host-loopback-by-name = Por http sin cifrar, el comprobador solo llega a este equipo con el nombre localhost. Usa { $url }.
host-invalid-name = «{ $name }» no es un nombre de host válido. Revisa que no haya erratas.
host-invalid-port = «{ $port }» no es un número de puerto válido.
host-query-or-fragment = La dirección termina con una parte ?… o #…: escribe solo la dirección de tu GitLab, sin esa parte.
host-looks-like-token = Esto parece un token, no una dirección. Pon el token en el campo del token y aquí la dirección de tu GitLab.
host-gitlab-website = { $name } es uno de los sitios web de GitLab, no una instancia de GitLab. Para GitLab.com, escribe gitlab.com; si no, la dirección de tu propio GitLab.
host-scheme-typo = El principio de la dirección parece tener una errata. ¿Querías decir { $url }?
host-scheme-doubled = La dirección empieza dos veces por su esquema. ¿Querías decir { $url }?

## Avisos sobre la dirección (la comprobación sigue tras un clic más)

host-lookalike-punctuation = La dirección contiene «{ $char }» ({ $code }), que parece un signo de puntuación normal pero no lo es. Así se fabrican las direcciones que imitan a otras: asegúrate de que la dirección de abajo es la de tu GitLab.
host-mixed-scripts = La dirección mezcla letras de alfabetos distintos: «{ $char }» ({ $code }) no es del mismo alfabeto que las letras que la rodean. Así se fabrican las direcciones que imitan a otras: asegúrate de que la dirección de abajo es la de tu GitLab.
host-confusable = La dirección contiene «{ $char }» ({ $code }), una letra que parece latina pero no lo es. Así se fabrican las direcciones que imitan a otras: asegúrate de que la dirección de abajo es la de tu GitLab.
host-looks-like-gitlab-com = { $name } solo empieza por gitlab.com: es otro host. La dirección de GitLab.com es simplemente gitlab.com.

## Bajo el campo de la dirección

origin-will-contact = Tu token se enviará a { $origin }
origin-will-contact-idn = Tu token se enviará a { $origin } (la dirección que has escrito, tal como se escribe en la red)

## Address notes

host-path-dropped = Se usa { $base }: el resto de la dirección ({ $path }) parece una página dentro de GitLab. Si tu GitLab está instalado en una subruta, escribe la dirección hasta esa subruta.
host-sub-path-kept = Se usa { $base }: parece que GitLab está instalado en la subruta { $path }.
host-alternate-used = La dirección tal como la escribiste no respondió como la API de GitLab, pero { $base } sí, así que el comprobador usó esa.
host-alternate-failed = El comprobador también probó { $base }, sin mejor resultado.

## Token problems (shown under the token field)

token-empty = Pega tu token de acceso personal.
token-whitespace = El token tiene espacios o saltos de línea. Pega solo el token, de una pieza.
token-invalid-characters = El token contiene «{ $char }», que nunca aparece en los tokens de GitLab. Vuelve a copiar el token completo, no una copia abreviada u oculta.
token-looks-like-url = Esto es una dirección, no un token. Pon la dirección de tu GitLab en su campo y aquí el token.
token-truncated-or-mistyped = Este token no supera su suma de comprobación interna: está incompleto o tiene una errata. Vuelve a copiarlo entero desde donde lo guardaste.
token-type-deploy = Este es un token de despliegue (gldt-). Solo da acceso a Git y a los registros, no a la API REST en general. Crea un token de acceso personal.
token-type-runner = Este es un token de autenticación de runner (glrt-). Va en la configuración de un runner de CI/CD y no puede usar la API en tu nombre. Crea un token de acceso personal.
token-type-runner-registration = Este es un token de registro de runners (GR1348941), un método obsoleto para registrar runners. No puede usar la API en tu nombre. Crea un token de acceso personal.
token-type-job = Este es un token de job de CI/CD (glcbt-). Solo existe mientras se ejecuta un job y solo sirve para unos pocos endpoints. Crea un token de acceso personal.
token-type-trigger = Este es un token de disparo de pipelines (glptt-). Solo sirve para lanzar pipelines. Crea un token de acceso personal.
token-type-feed = Este es un token de feed (glft-), solo para feeds RSS y de calendario. Crea un token de acceso personal.
token-type-incoming-mail = Este es un token de correo entrante (glimt-), solo para crear issues y merge requests por correo. Crea un token de acceso personal.
token-type-agent = Este es un token del agente de GitLab para Kubernetes (glagent-). Pertenece al agente de tu clúster, no a ti. Crea un token de acceso personal.
token-type-workspace = Este es un token de workspace (glwt-), que se usa dentro de un entorno de desarrollo remoto. Crea un token de acceso personal.
token-type-scim = Este es un token SCIM (glsoat-), que usa un proveedor de identidad para sincronizar usuarios. Crea un token de acceso personal.
token-type-feature-flags = Este es un token de cliente de feature flags (glffct-), con el que las aplicaciones leen los feature flags. Crea un token de acceso personal.
token-type-oauth-secret = Este es el secreto de una aplicación OAuth (gloas-). Identifica a una aplicación, no a ti, y debe seguir siendo secreto. Crea un token de acceso personal.
token-type-session-cookie = Esta es una cookie de sesión del navegador (_gitlab_session). No la compartas nunca: permite a cualquiera actuar en tu nombre hasta que termine tu sesión. Crea un token de acceso personal.

## Token notes (the check still runs)

token-header-stripped = Se ha quitado «{ $header }»: solo hace falta el token.
token-pat-unexpected-length =
    { $length ->
        [one] Tras el prefijo, este token tiene { $length } carácter, pero los tokens de acceso personal tienen exactamente 20, o al menos 40 en el formato nuevo, que lleva puntos. Puede que esté incompleto.
       *[other] Tras el prefijo, este token tiene { $length } caracteres, pero los tokens de acceso personal tienen exactamente 20, o al menos 40 en el formato nuevo, que lleva puntos. Puede que esté incompleto.
    }
token-pat-confusable = Este token contiene l, I, O o 0, caracteres que GitLab nunca pone en este tipo de token. Seguramente hay una errata: copia el token en vez de teclearlo.
token-no-prefix = Este token no tiene prefijo. Eso solo es normal en tokens creados antes de GitLab 14.5 o en instancias cuyo administrador quitó el prefijo.
token-looks-oauth = Esto parece un token de acceso OAuth, no un token de acceso personal. La comprobación sigue adelante; si falla, crea un token de acceso personal.
token-unknown-format = El comprobador no reconoce el formato de este token. Puede que tu GitLab use un prefijo propio, así que la comprobación sigue adelante.

## Details

detail-api-message = GitLab dice: «{ $message }»
detail-status = Estado HTTP { $status }.
detail-html-body = La respuesta fue una página web, no el JSON que envía la API de GitLab: respondió en su lugar un proxy, un balanceador de carga o una página de inicio de sesión.
detail-unexpected-json = La respuesta fue JSON, pero no lo que envía la API de GitLab para esta petición.
detail-network-causes = El navegador no recibió respuesta. Causas habituales: la dirección tiene una errata o el servidor está caído; a GitLab solo se llega desde la red de tu empresa o por VPN; este navegador no confía en el certificado TLS del servidor; un proxy o una CDN delante de GitLab bloquea las peticiones de otros sitios (CORS); una extensión del navegador o un filtro corporativo bloquea la petición. Los navegadores no dicen a las páginas cuál de estas cosas ha pasado.
detail-redirect = { $url } respondió con una redirección a otra dirección. El comprobador no sigue redirecciones, así que tu token no se ha enviado allí.
detail-response-too-large = La respuesta ocupaba más de 1 MiB, así que el comprobador dejó de leerla. Las respuestas de GitLab a estas peticiones ocupan unos cientos de bytes: ha respondido otra cosa.
detail-retry-after-hidden = GitLab indica cuándo reintentar en una cabecera que el navegador oculta a esta página.
detail-old-gitlab = GitLab no describió el token (las versiones anteriores a la 15.5 no pueden), así que el comprobador solo pudo confirmar que funciona, no listar sus ámbitos ni su fecha de caducidad.
detail-fine-grained = Los tokens de permisos detallados tienen permisos en lugar de ámbitos, y el comprobador no puede compararlos con lo que necesita esta guía. Revisa los permisos del token en GitLab.
user-not-visible = Los ámbitos del token no permiten leer tu perfil (para eso hace falta read_user, read_api o api), así que no se muestra su propietario. Para esta comprobación no pasa nada.
user-not-loaded = Esta vez no se pudo cargar el perfil del propietario.
user-id-hint = El token pertenece al usuario con ID { $id }.
scopes-missing = Faltan: { $scopes }
scopes-missing-one-of = Necesita uno de estos: { $scopes }
scopes-extra = No hacen falta aquí: { $scopes }
scopes-instead = { $scope } da más acceso del necesario: basta con { $instead }.
expiry-in-days =
    { $days ->
        [one] Deja de funcionar el { $date } a las 00:00 UTC, dentro de { $days } día.
       *[other] Deja de funcionar el { $date } a las 00:00 UTC, dentro de { $days } días.
    }
expiry-last-day = Hoy es su último día: deja de funcionar a las 00:00 UTC del { $date }.
expiry-today = Ha llegado su fecha de caducidad ({ $date }): GitLab deja de aceptar un token a las 00:00 UTC de ese día. Si aún funciona, revisa la fecha de tu equipo.
expiry-never = No tiene fecha de caducidad. El administrador de tu GitLab lo permite, pero un token que no caduca sigue sirviendo para siempre si se filtra.

## Fixes

fix-create-token = Crea un token de acceso personal nuevo con los ámbitos que necesita esta guía.
fix-copy-again = Vuelve a copiar el token desde donde lo guardaste. GitLab muestra cada token una sola vez: si ya no lo tienes, crea uno nuevo.
fix-check-host = Comprueba que la dirección es la de tu GitLab, con su subruta si la tiene (por ejemplo https://example.com/gitlab). Un token solo funciona en el GitLab que lo creó.
fix-rotate = Rota el token antes de que caduque, o crea uno nuevo, y actualízalo en todos los sitios donde se usa.
fix-set-expiry = Sustitúyelo por un token con fecha de caducidad y rótalo con regularidad.
fix-reduce-scopes = Crea un token solo con los ámbitos necesarios y después revoca este.
fix-wait = Espera un minuto y vuelve a comprobarlo.
fix-open-api-url = Abre { $url } en una pestaña nueva. Si ves un mensaje JSON corto como «401 Unauthorized», o la versión de GitLab porque has iniciado sesión en GitLab en este navegador (esa respuesta viene de la sesión del navegador, no del token), GitLab es accesible y algo entre esta página y GitLab bloquea la comprobación: prueba en una ventana privada sin extensiones o desde otra red. Si no carga, revisa la dirección, tu VPN y cualquier aviso de certificado.
fix-redirect-final-address = Abre tu GitLab en este navegador y copia la dirección a la que llega al final (a menudo https:// en lugar de http://, o un nombre de host nuevo), y vuelve a comprobar con esa dirección.
fix-sign-in-proxy = Si tu empresa pone GitLab detrás de una VPN o de un portal de inicio de sesión, conéctate o inicia sesión primero con este navegador y vuelve a comprobarlo.
fix-contact-admin = Si el problema continúa, pregunta al administrador de tu GitLab.
fix-status-page = Consulta la página de estado de GitLab.com en status.gitlab.com.
