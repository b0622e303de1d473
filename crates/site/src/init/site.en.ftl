# Strings of the site's theme (themes/default/templates). Checker strings live in checker.ftl.

site-title = {TITLE}
site-description = Documentation written with polydoc.
llms-intro = Every page below is a Markdown file; the same page as HTML is at the same address without index.md.
# $scopes: scopes the checker asks for; $url: the HTML page with the interactive checker.
checker-markdown-note = This page has an interactive token checker for tokens with the scopes { $scopes }. It runs in the browser: { $url }
search-label = Search
search-placeholder = Search
search-no-results = No results
search-all-pages = All pages
pages-title = All pages
footer-text = Built with polydoc.
skip-to-content = Skip to content
# The link at the top of narrow screens that jumps to the sidebar.
menu-label = Menu
nav-label = Contents
toc-title = On this page
# The header link to the book's source repository (mdBook's `git-repository-url`).
repository-link = Source
# Below a page, when book.toml has `edit-url-template`.
edit-page = Edit this page
language-switcher-label = Language
switcher-not-translated = (not translated)
# $language: the name of the language the page is shown in instead.
not-translated-notice = This page is not translated yet. It is shown in { $language }.
switcher-outdated = (outdated)
outdated-notice = The original of this page has changed since it was translated; this translation may be out of date.
outdated-original-link = Read the original.
prev-next-label = Previous and next page
prev-label = Previous
next-label = Next
theme-toggle-label = Switch between light and dark theme
root-choose-language = Choose your language:
not-found-title = Page not found
not-found-body = This page does not exist. It may have moved; start again from the home page:

## Callout titles (GitHub-style alerts in pages)

callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution

## The token checker without JavaScript
# $scopes: the scopes the checker on this page asks for, comma-separated.

checker-noscript = The token checker needs JavaScript. Without it, check your token by hand with the curl commands on the "Check your token" page. This page asks for a token with these scopes: { $scopes }.
