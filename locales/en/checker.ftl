# Token checker strings (crates/token-check emits the message ids; token-check-web shows them).
# Allowed constructs only: plain text, { $variable }, and selects on a variable with plural
# categories or literal keys. Dates ($date) and lists ($scopes) are formatted by the browser.
# Everything quoted from GitLab ($message) is shown as plain text.

## Form

checker-title = Check your token
checker-host-label = GitLab address
checker-host-placeholder = gitlab.com
checker-host-hint = Leave gitlab.com for GitLab.com. For your company's GitLab, enter its address, for example https://gitlab.example.com.
checker-token-label = Personal access token
checker-token-hint = Usually starts with glpat-. Paste only the token.
checker-token-show = Show
checker-token-hide = Hide
checker-check-button = Check token
checker-checking = Checking…
checker-privacy = Your token goes straight from your browser to the GitLab address above. This site never receives it, and nothing is stored.
checker-requires = This guide needs: { $scopes }
checker-requires-any = This guide needs one of: { $scopes }
checker-create-token-link = Create a token with these scopes
checker-confirm-button = Send to this address anyway
checker-stopped = The checker stopped unexpectedly, and your token was not checked. Reload the page to try again.
checker-stopped-retry = Reload and try again
checker-curl-intro = Without JavaScript, check your token with curl in a terminal. Replace gitlab.com with your GitLab's address:
checker-token-cleared = The field is emptied after each check.

## Result sections

checker-result-ok = Works
checker-result-warning = Works, with warnings
checker-result-error = Doesn't work
checker-heading-token = Token
checker-heading-owner = Owner
checker-heading-scopes = Scopes
checker-heading-expiry = Expiry
checker-heading-version = GitLab version
checker-heading-details = Details
checker-heading-fixes = What to do
checker-token-name-label = Name
checker-created-label = Created
checker-last-used-label = Last used
checker-last-used-never = Never used
checker-expires-label = Expires
checker-expires-never = Never
checker-scopes-granted-label = Granted
checker-scopes-missing-label = Missing
checker-scopes-extra-label = More than needed
checker-owner-bot = bot account
checker-troubleshooting-link = What this means and how to fix it

## Result

verdict-ok = Your token works

## Verdicts
## One id per failure or warning; each is the title of a section on the troubleshooting page
## (the section's anchor is the id itself).

verdict-host-rejected = The GitLab address can't be used
verdict-host-lookalike = Check the address before sending your token
verdict-token-rejected = The token can't be checked as entered
verdict-wrong-token-type = This is not a personal access token
verdict-token-damaged = The token is truncated or mistyped
verdict-token-unknown = GitLab doesn't recognize this token
verdict-token-expired = The token has expired
verdict-token-revoked = The token has been revoked
verdict-token-invalid = GitLab rejects this token
verdict-token-inactive = The token is no longer active
verdict-account-blocked = Your account can't use the API
verdict-not-a-pat = GitLab says this is not a personal access token
verdict-missing-scopes = The token lacks scopes this guide needs
verdict-not-gitlab-api = No GitLab API at this address
verdict-unexpected-response = Something other than GitLab answered
verdict-proxy-auth = A proxy in front of GitLab asks you to sign in
verdict-rate-limited = Too many requests: GitLab's rate limit
verdict-server-error = GitLab had a server error
verdict-http-error = GitLab answered with an unexpected error
verdict-network-error = Couldn't reach GitLab
verdict-timeout = GitLab took too long to answer
verdict-redirect = This address redirects: GitLab's API must be called at its final address
verdict-response-too-large = The answer was too large to be GitLab's
verdict-expires-today = The token expires today
verdict-expires-very-soon = The token expires in a few days
verdict-expires-soon = The token expires within a month
verdict-never-expires = The token never expires
verdict-extra-scopes = The token has more scopes than needed
verdict-fine-grained = Fine-grained token: scopes can't be compared
verdict-scopes-unknown = The token works, but its scopes can't be read

## Address problems (shown under the address field)

host-empty = Enter the address of your GitLab, for example gitlab.com or https://gitlab.example.com.
host-whitespace = The address contains spaces. Enter only the address, for example https://gitlab.example.com.
host-credentials = The address contains a user name or password (user:password@). Remove it: the checker only needs the host name, and a password in an address ends up in logs and browser history.
host-ssh-address = This is an SSH clone address. The checker talks to GitLab over HTTPS: use { $url } instead.
host-bad-scheme = Addresses starting with { $scheme }:// can't be used. Enter an https:// address.
host-insecure-http = Over http:// your token would travel unencrypted. Use { $url } instead. Plain http is accepted only for this computer (localhost).
host-loopback-by-name = Over plain http the checker reaches this computer only by the name localhost. Use { $url } instead.
host-invalid-name = “{ $name }” is not a valid host name. Check it for typos.
host-invalid-port = “{ $port }” is not a valid port number.
host-query-or-fragment = The address ends with a ?… or #… part. Enter only your GitLab's address, without it.
host-looks-like-token = This looks like a token, not an address. Put the token in the token field and your GitLab's address here.
host-gitlab-website = { $name } is one of GitLab's websites, not a GitLab instance. For GitLab.com, enter gitlab.com; otherwise enter your own GitLab's address.
host-scheme-typo = The start of the address looks mistyped. Did you mean { $url }?
host-scheme-doubled = The address starts with its scheme twice. Did you mean { $url }?

## Address warnings (the check goes ahead after one more click)

host-lookalike-punctuation = The address contains “{ $char }” ({ $code }), which looks like ordinary punctuation but isn't. Look-alike addresses are made this way: make sure the address below is your GitLab's.
host-mixed-scripts = The address mixes letters of different alphabets: “{ $char }” ({ $code }) is not from the same alphabet as the letters around it. Look-alike addresses are made this way: make sure the address below is your GitLab's.
host-confusable = The address contains “{ $char }” ({ $code }), a letter that looks like a Latin one but isn't. Look-alike addresses are made this way: make sure the address below is your GitLab's.
host-looks-like-gitlab-com = { $name } only starts with gitlab.com: it is a different host. GitLab.com's address is just gitlab.com.

## Under the address field

origin-will-contact = Your token will be sent to { $origin }
origin-will-contact-idn = Your token will be sent to { $origin } (the address you typed, as it is written on the network)

## Address notes

host-path-dropped = Using { $base }: the rest of the address ({ $path }) looks like a page inside GitLab. If your GitLab is installed under a sub-path, enter the address up to that sub-path.
host-sub-path-kept = Using { $base }: GitLab seems to be installed under the sub-path { $path }.
host-alternate-used = The address as entered didn't answer like GitLab's API, but { $base } did, so the checker used that.
host-alternate-failed = The checker also tried { $base }, with no better result.

## Token problems (shown under the token field)

token-empty = Paste your personal access token.
token-whitespace = The token contains spaces or line breaks. Paste only the token, in one piece.
token-invalid-characters = The token contains “{ $char }”, which never appears in GitLab tokens. Copy the whole token again, not a shortened or masked copy.
token-looks-like-url = This is an address, not a token. Put your GitLab's address in the address field and the token here.
token-truncated-or-mistyped = This token fails its built-in checksum: it was truncated or mistyped. Copy it again, in full, from where you saved it.
token-type-deploy = This is a deploy token (gldt-). Deploy tokens only give Git and registry access, not the general REST API. Create a personal access token instead.
token-type-runner = This is a runner authentication token (glrt-). It belongs in a CI/CD runner's configuration and can't use the API as you. Create a personal access token instead.
token-type-runner-registration = This is a runner registration token (GR1348941), a deprecated way to register runners. It can't use the API as you. Create a personal access token instead.
token-type-job = This is a CI/CD job token (glcbt-). It only exists while a job runs and only works with a few endpoints. Create a personal access token instead.
token-type-trigger = This is a pipeline trigger token (glptt-). It can only start pipelines. Create a personal access token instead.
token-type-feed = This is a feed token (glft-), only for RSS and calendar feeds. Create a personal access token instead.
token-type-incoming-mail = This is an incoming mail token (glimt-), only for creating issues and merge requests by email. Create a personal access token instead.
token-type-agent = This is a GitLab agent for Kubernetes token (glagent-). It belongs to the agent in your cluster, not to you. Create a personal access token instead.
token-type-workspace = This is a workspace token (glwt-), used inside a remote development workspace. Create a personal access token instead.
token-type-scim = This is a SCIM token (glsoat-), used by an identity provider to sync users. Create a personal access token instead.
token-type-feature-flags = This is a feature flags client token (glffct-), used by applications to read feature flags. Create a personal access token instead.
token-type-oauth-secret = This is an OAuth application secret (gloas-). It identifies an application, not you, and must stay secret. Create a personal access token instead.
token-type-session-cookie = This is a browser session cookie (_gitlab_session). Never share it: it lets anyone act as you until your session ends. Create a personal access token instead.

## Token notes (the check still runs)

token-header-stripped = The “{ $header }” part was removed: only the token itself is needed.
token-pat-unexpected-length =
    { $length ->
        [one] After its prefix this token has { $length } character, but personal access tokens have exactly 20, or 40 or more in the newer format, which contains dots. It may be truncated.
       *[other] After its prefix this token has { $length } characters, but personal access tokens have exactly 20, or 40 or more in the newer format, which contains dots. It may be truncated.
    }
token-pat-confusable = This token contains l, I, O or 0, characters GitLab never puts in this kind of token. A character was probably mistyped: copy the token instead of typing it.
token-no-prefix = This token has no prefix. That's normal only for tokens created before GitLab 14.5, or on instances whose administrator removed the prefix.
token-looks-oauth = This looks like an OAuth access token rather than a personal access token. The check goes ahead; if it fails, create a personal access token.
token-unknown-format = The checker doesn't recognize this token's format. Your GitLab may use a custom prefix, so the check goes ahead anyway.

## Details

detail-api-message = GitLab said: “{ $message }”
detail-status = HTTP status { $status }.
detail-html-body = The answer was a web page, not the JSON that GitLab's API sends: a proxy, a load balancer or a sign-in page answered instead.
detail-unexpected-json = The answer was JSON, but not what GitLab's API sends for this request.
detail-network-causes = The browser got no answer. Common causes: the address is misspelled or the server is down; GitLab is only reachable from your company network or VPN; this browser doesn't trust the server's TLS certificate; a proxy or CDN in front of GitLab blocks requests from other sites (CORS); a browser extension or a corporate filter blocks the request. Browsers don't tell pages which of these happened.
detail-redirect = { $url } answered with a redirect to another address. The checker doesn't follow redirects, so your token was not sent there.
detail-response-too-large = The answer was larger than 1 MiB, so the checker stopped reading it. GitLab's answers to these requests are a few hundred bytes: something else answered.
detail-retry-after-hidden = GitLab says when to retry in a header that browsers hide from this page.
detail-old-gitlab = GitLab didn't describe the token (versions before 15.5 can't), so the checker could only confirm that it works, not list its scopes or expiry date.
detail-fine-grained = Fine-grained tokens have permissions instead of scopes, and the checker can't compare them with what this guide needs. Check the token's permissions in GitLab.
user-not-visible = The token's scopes don't allow reading your profile (that needs read_user, read_api or api), so its owner isn't shown. That's fine for this check.
user-not-loaded = The owner's profile couldn't be loaded this time.
user-id-hint = The token belongs to user ID { $id }.
scopes-missing = Missing: { $scopes }
scopes-missing-one-of = Needs one of: { $scopes }
scopes-extra = Not needed here: { $scopes }
scopes-instead = { $scope } gives more access than needed: { $instead } is enough.
expiry-in-days =
    { $days ->
        [one] It stops working on { $date } at 00:00 UTC, { $days } day from today.
       *[other] It stops working on { $date } at 00:00 UTC, { $days } days from today.
    }
expiry-last-day = Today is its last day: it stops working at 00:00 UTC on { $date }.
expiry-today = Its expiry date ({ $date }) has been reached: GitLab stops accepting a token at 00:00 UTC on that date. If it still works, check your computer's date.
expiry-never = It has no expiry date. Your GitLab's administrator allows that, but a token that never expires stays usable for good if it leaks.

## Fixes

fix-create-token = Create a new personal access token with the scopes this guide needs.
fix-copy-again = Copy the token again from where you saved it. GitLab shows a token only once: if you no longer have it, create a new one.
fix-check-host = Check that the address is your GitLab's, including its sub-path if it has one (for example https://example.com/gitlab). A token only works on the GitLab that created it.
fix-rotate = Rotate the token before it expires, or create a new one, and update every place that uses it.
fix-set-expiry = Replace it with a token that has an expiry date, and rotate it regularly.
fix-reduce-scopes = Create a token with only the scopes needed, then revoke this one.
fix-wait = Wait a minute, then check again.
fix-open-api-url = Open { $url } in a new tab. If you see a short JSON message such as “401 Unauthorized”, or GitLab's version because you're signed in to GitLab in this browser (that answer comes from your browser session, not from the token), GitLab is reachable and something between this page and GitLab blocks the check: try a private window without extensions, or another network. If it doesn't load, check the address, your VPN, and any certificate warning.
fix-redirect-final-address = Open your GitLab in this browser and copy the address it ends up at (often https:// instead of http://, or a new host name), then check again with that address.
fix-sign-in-proxy = If your company puts GitLab behind a VPN or a sign-in portal, connect or sign in with this browser first, then check again.
fix-contact-admin = If it persists, ask your GitLab administrator.
fix-status-page = Check GitLab.com's status page at status.gitlab.com.
