# Textos del tema del sitio (themes/default/templates). Los del comprobador están en checker.ftl.

site-title = {TITLE}
site-description = Documentación escrita con polydoc.
llms-intro = Cada página de abajo es un archivo Markdown; la misma página en HTML está en la misma dirección sin index.md.
# $scopes: ámbitos que pide el comprobador; $url: la página HTML con el comprobador interactivo.
checker-markdown-note = Esta página tiene un comprobador de tokens interactivo para tokens con los ámbitos { $scopes }. Funciona en el navegador: { $url }
search-label = Buscar
search-placeholder = Buscar
search-no-results = Sin resultados
search-all-pages = Todas las páginas
pages-title = Todas las páginas
footer-text = Hecho con polydoc.
skip-to-content = Saltar al contenido
# The link at the top of narrow screens that jumps to the sidebar.
menu-label = Menú
nav-label = Contenido
toc-title = En esta página
# El enlace de la cabecera al repositorio del libro (`git-repository-url` de mdBook).
repository-link = Código fuente
# Bajo una página, cuando book.toml tiene `edit-url-template`.
edit-page = Editar esta página
language-switcher-label = Idioma
switcher-not-translated = (sin traducir)
# $language: el nombre del idioma en que se muestra la página en su lugar.
not-translated-notice = Esta página aún no está traducida. Se muestra en { $language }.
switcher-outdated = (desactualizada)
outdated-notice = El original de esta página ha cambiado desde que se tradujo; puede que esta traducción esté desactualizada.
outdated-original-link = Lee el original.
prev-next-label = Página anterior y siguiente
prev-label = Anterior
next-label = Siguiente
theme-toggle-label = Cambiar entre tema claro y oscuro
root-choose-language = Elige tu idioma:
not-found-title = Página no encontrada
not-found-body = Esta página no existe. Puede que se haya movido; vuelve a empezar desde la portada:

## Títulos de los avisos (alertas al estilo de GitHub en las páginas)

callout-note = Nota
callout-tip = Consejo
callout-important = Importante
callout-warning = Advertencia
callout-caution = Precaución

## El comprobador de tokens sin JavaScript
# $scopes: los ámbitos que pide el comprobador de esta página, separados por comas.

checker-noscript = El comprobador de tokens necesita JavaScript. Sin él, comprueba tu token a mano con los comandos curl de la página «Comprueba tu token». Esta página pide un token con estos ámbitos: { $scopes }.
