//! `cargo xtask bench`: generates bilingual corpora of realistic Markdown, builds each with the release binary
//! and prints, in one run: wall time against a render-only floor, CPU over wall, peak memory, bytes per page
//! of output and of the search index, and what one search query downloads. No number here is asserted.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Builds of each corpus that are timed (after one warm-up); the median is printed.
const ROUNDS: usize = 5;

/// Pages per section: a realistic docs shape (parts of a few dozen pages), so the folded sidebar stays small.
const SECTION: usize = 50;

/// Build the release `polydoc` and the floor once, then build every corpus with each in a child process,
/// timing the whole command and reading that child's own CPU time and peak resident memory from `wait4`.
///
/// `args`: `[--exe PATH] [N …]`. `--exe` benchmarks another polydoc binary (say, one built from an older
/// commit) against the same corpora and floor.
pub fn run(args: &[String]) -> Result<()> {
    let mut exe: Option<PathBuf> = None;
    let mut sizes: Vec<usize> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--exe" {
            exe = Some(it.next().context("--exe needs a path")?.into());
        } else {
            sizes.push(a.parse().with_context(|| format!("`{a}` is not a page count"))?);
        }
    }
    if sizes.is_empty() {
        sizes = vec![1000, 5000];
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "-q", "--release", "-p", "polydoc", "-p", "bench-floor"])
        .current_dir(crate::root())
        .status()?;
    if !status.success() {
        bail!("cargo build --release -p polydoc -p bench-floor failed");
    }
    let exe = exe.unwrap_or_else(|| crate::target_dir().join("release/polydoc"));
    let floor = crate::target_dir().join("release/bench-floor");
    println!(
        "polydoc build benchmark: {}, 2 languages, sections of {SECTION} pages, full build to disk, {} cores",
        exe.display(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("load average at start: {}", load_average());
    println!(
        "median of {ROUNDS} builds after a warm-up; floor = pulldown-cmark alone, every core, same files, no templates"
    );
    println!("polydoc writes over its previous output (into its spare); the floor is timed both over its own previous");
    println!("output (written as polydoc writes) and into a new folder, and ×floor divides by the faster of the two");
    println!("CPU s = user + system time of the polydoc build (sys s: the system part, mostly writing files);");
    println!("on a shared machine it moves less than wall time; every run starts after a `sync`, so none pays");
    println!("for flushing the files of the one before");
    println!();
    println!(
        "{:>6} {:>6} {:>7} {:>8} {:>9} {:>6} {:>6} {:>6} {:>8} {:>9} {:>10} {:>10} {:>10}",
        "pg/lg",
        "pages",
        "MD B/pg",
        "floor s",
        "polydoc s",
        "×floor",
        "CPU s",
        "sys s",
        "CPU/wall",
        "peak MiB",
        "HTML B/pg",
        "all B/pg",
        "search B/pg"
    );
    let mut search_rows: Vec<(String, SearchCost)> = Vec::new();
    for &n in &sizes {
        let dir = crate::target_dir().join(format!("bench/corpus-{n}"));
        let md_bytes = generate(&dir, n)?;
        let out = crate::target_dir().join(format!("bench/out-{n}"));
        let floor_out = crate::target_dir().join(format!("bench/floor-{n}"));
        let polydoc_cmd = || {
            let mut c = Command::new(&exe);
            c.arg("build").arg("--root").arg(&dir).arg("--out").arg(&out);
            c
        };
        // A new folder each round, removed only after the rounds (removing one just before writing makes
        // creating files slow on ext4, by seconds that vary from run to run).
        let floor_fresh = |round: usize| crate::target_dir().join(format!("bench/floor-fresh-{n}-{round}"));
        let floor_cmd = |out: &Path| {
            let mut c = Command::new(&floor);
            c.arg(&dir).arg(out);
            c
        };
        // Warm the file cache and the page cache for the output (and leave each its previous output), then pair
        // floor and polydoc in each round.
        measure(floor_cmd(&floor_out), &dir)?;
        measure(polydoc_cmd(), &dir)?;
        let mut floors = Vec::new();
        let mut fresh = Vec::new();
        let mut builds = Vec::new();
        for round in 0..ROUNDS {
            let _ = std::fs::remove_dir_all(floor_fresh(round));
        }
        for round in 0..ROUNDS {
            floors.push(measure(floor_cmd(&floor_out), &dir)?);
            fresh.push(measure(floor_cmd(&floor_fresh(round)), &dir)?);
            builds.push(measure(polydoc_cmd(), &dir)?);
        }
        for round in 0..ROUNDS {
            let _ = std::fs::remove_dir_all(floor_fresh(round));
        }
        let over = median(floors.iter().map(|r| r.wall));
        let new_folder = median(fresh.iter().map(|r| r.wall));
        // The faster of the two ways to write, so the ratio never gains from the floor's way of writing.
        let floor_s = over.min(new_folder);
        let build = median_run(&builds);
        let peak = builds.iter().map(|r| r.peak_kib).fold(0.0, f64::max);
        let pages = 2 * n;
        let weight = output_weight(&out)?;
        println!(
            "{n:>6} {pages:>6} {:>7} {floor_s:>8.3} {:>9.3} {:>6.1} {:>6.2} {:>6.2} {:>8.2} {:>9.1} {:>10} {:>10} {:>10}",
            md_bytes / pages,
            build.wall,
            build.wall / floor_s,
            build.cpu,
            build.sys,
            build.cpu / build.wall,
            peak / 1024.0,
            weight.html / pages,
            weight.all / pages,
            weight.search / pages,
        );
        println!(
            "       floor: {over:.3} s over its previous output, {new_folder:.3} s into a new folder; ×floor uses the faster"
        );
        // Each round's own ratio (its build over the faster of its two floors), and the CPU seconds of both:
        // on a machine whose speed moves from one minute to the next, the spread says how far one median
        // can be trusted, and CPU seconds move less than wall time.
        let (lo, hi) = (0..ROUNDS)
            .map(|i| builds[i].wall / floors[i].wall.min(fresh[i].wall))
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), r| (lo.min(r), hi.max(r)));
        // The floor's CPU seconds in the way of writing whose time ×floor divides by.
        let floor_cpu = median(if over <= new_folder { &floors } else { &fresh }.iter().map(|r| r.cpu));
        let build_cpu = median(builds.iter().map(|r| r.cpu));
        println!(
            "       rounds: ×floor {lo:.1} to {hi:.1}; CPU s: floor {floor_cpu:.2}, polydoc {build_cpu:.2} ({:.1}× the floor's)",
            build_cpu / floor_cpu,
        );
        search_rows.push((
            format!("corpus {n}/lang, en: \"tokens\""),
            search_cost(&out.join("search/en"), "tokens")?,
        ));
        if let Some(ms) = serve_edit_latency(&exe, &dir)? {
            println!("       serve: one page saved → served with the edit in {ms:.0} ms (median of 5)");
        }
    }
    println!("load average at end: {}", load_average());
    // Search: what the index of one language weighs, and what one query downloads.
    let shipped = crate::target_dir().join("bench/shipped");
    let status = Command::new(&exe)
        .arg("build")
        .arg("--root")
        .arg(crate::root())
        .arg("--out")
        .arg(&shipped)
        .stderr(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("building the shipped site failed");
    }
    search_rows.insert(
        0,
        (
            "shipped site, es: \"caduca\"".into(),
            search_cost(&shipped.join("search/es"), "caduca")?,
        ),
    );
    search_rows.insert(
        1,
        (
            "shipped site, en: \"tokens\"".into(),
            search_cost(&shipped.join("search/en"), "tokens")?,
        ),
    );
    println!();
    println!("search, one language: index size, and what one query downloads (bytes before HTTP compression)");
    println!(
        "{:<34} {:>7} {:>12} {:>12} {:>12}",
        "", "files", "index bytes", "query bytes", "query files"
    );
    for (name, c) in search_rows {
        println!(
            "{name:<34} {:>7} {:>12} {:>12} {:>12}",
            c.files, c.bytes, c.query_bytes, c.query_files
        );
    }
    Ok(())
}

/// The incremental `serve`'s edit latency on the corpus in `dir`: start `polydoc serve`, then save one English
/// page five times with a new line each time and time, from the save, until the served page has the line (the
/// watcher's quiet period, the rebuild, the write). Returns the median in milliseconds. The page is restored.
fn serve_edit_latency(exe: &Path, dir: &Path) -> Result<Option<f64>> {
    use std::io::{BufRead, BufReader};
    let page = dir.join("content/en/section-0/page-2.md");
    let original = std::fs::read_to_string(&page).with_context(|| format!("reading {}", page.display()))?;
    let mut child = Command::new(exe)
        .args(["serve", "--port", "0", "--root"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start polydoc serve")?;
    // The first line of stdout is the URL, printed once the first build is done.
    let mut url = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out).read_line(&mut url)?;
    }
    let result = (|| -> Result<Vec<f64>> {
        let url = url.trim();
        let rest = url.strip_prefix("http://").context("serve printed no URL")?;
        let (host, base) = rest.split_once('/').map_or((rest, ""), |(h, b)| (h, b));
        let path = format!("/{base}en/section-0/page-2/");
        let mut times = Vec::new();
        for round in 0..5 {
            let marker = format!("Edited-{round}-{}", std::process::id());
            let started = Instant::now();
            std::fs::write(&page, format!("{original}\n{marker}\n"))?;
            loop {
                if http_get(host, &path).is_ok_and(|body| body.contains(&marker)) {
                    times.push(started.elapsed().as_secs_f64() * 1000.0);
                    break;
                }
                if started.elapsed().as_secs() > 30 {
                    bail!("serve did not show the edit within 30 s");
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            // Let the watcher go quiet before the next save.
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
        Ok(times)
    })();
    // SIGTERM, so serve removes its output folder (a kill left a copy of the built site in the temporary folder
    // at every run); killed if it has not exited after 10 s.
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: `kill` only sends a signal, to our own child, which has not been waited for yet.
        unsafe { libc::kill(pid, libc::SIGTERM) };
    }
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    while Instant::now() < deadline && !matches!(child.try_wait(), Ok(Some(_))) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    std::fs::write(&page, &original)?;
    let mut times = result?;
    times.sort_by(f64::total_cmp);
    Ok(times.get(times.len() / 2).copied())
}

/// A plain HTTP/1.1 GET on loopback; the body as text.
fn http_get(host: &str, path: &str) -> Result<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(host)?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")?;
    let mut text = String::new();
    s.read_to_string(&mut text)?;
    Ok(text)
}

/// One child process: wall seconds, CPU seconds (user + system) and peak resident memory in KiB.
struct Run {
    wall: f64,
    cpu: f64,
    /// The system (kernel) part of `cpu`: mostly creating and removing the output's files.
    sys: f64,
    peak_kib: f64,
}

/// Run `cmd` (its output discarded) and measure it; a failure says how to see why.
fn measure(mut cmd: Command, corpus: &Path) -> Result<Run> {
    let shown = format!("{cmd:?}");
    // The files the previous run wrote are flushed to disk first, so that the kernel does not flush them
    // during this one: each run pays for its own writing only.
    // SAFETY: `sync` takes no arguments and only schedules and waits for writeback.
    unsafe { libc::sync() };
    let started = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {shown}"))?;
    let (ok, usage) = wait4(child.id());
    let wall = started.elapsed().as_secs_f64();
    if !ok {
        bail!(
            "{shown} failed on the corpus {}; run it by hand to see why",
            corpus.display()
        );
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Run {
        wall,
        cpu: secs(usage.ru_utime) + secs(usage.ru_stime),
        sys: secs(usage.ru_stime),
        peak_kib: usage.ru_maxrss as f64,
    })
}

/// Wait for child `pid`: whether it exited with 0, and its resource usage.
fn wait4(pid: u32) -> (bool, libc::rusage) {
    let mut status = 0;
    // SAFETY: wait4 writes only into `status` and `usage`, which we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    let ok = rc == pid as libc::pid_t && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, usage)
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The run with the median wall time (its CPU/wall is the one printed).
fn median_run(runs: &[Run]) -> &Run {
    let mut order: Vec<&Run> = runs.iter().collect();
    order.sort_by(|a, b| a.wall.total_cmp(&b.wall));
    order[order.len() / 2]
}

/// The 1-, 5- and 15-minute load averages, from `/proc/loadavg`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Bytes of a built site: HTML files, everything, and the search index.
struct Weight {
    html: usize,
    all: usize,
    search: usize,
}

fn output_weight(out: &Path) -> Result<Weight> {
    let mut w = Weight {
        html: 0,
        all: 0,
        search: 0,
    };
    for (rel, len) in tree(out)? {
        w.all += len;
        if rel.ends_with(".html") {
            w.html += len;
        }
        if rel.starts_with("search/") {
            w.search += len;
        }
    }
    Ok(w)
}

/// Every file below `dir`: (path relative to `dir` with `/`, size).
fn tree(dir: &Path) -> Result<Vec<(String, usize)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let e = e?;
            let ty = e.file_type()?;
            if ty.is_dir() {
                stack.push(e.path());
            } else if ty.is_file() {
                let rel = e.path().strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
                out.push((rel, e.metadata()?.len() as usize));
            }
        }
    }
    Ok(out)
}

struct SearchCost {
    files: usize,
    bytes: usize,
    query_bytes: usize,
    query_files: usize,
}

/// What a language's index weighs, and what one query downloads (as the browser client would fetch it).
fn search_cost(dir: &Path, query: &str) -> Result<SearchCost> {
    let mut files = std::collections::BTreeMap::new();
    for (rel, _) in tree(dir)? {
        files.insert(rel.clone(), std::fs::read(dir.join(&rel))?);
    }
    let bytes = files.values().map(Vec::len).sum();
    let cost = polydoc_site::query_cost(&files, query, 8);
    Ok(SearchCost {
        files: files.len(),
        bytes,
        query_bytes: cost.bytes,
        query_files: cost.files.len(),
    })
}

/// A small deterministic random source (splitmix64), so every run generates the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

/// The words a language's prose is made of, plus the topics of its pages.
struct Lexicon {
    title: &'static str,
    part: &'static str,
    details: &'static str,
    next: &'static str,
    external: &'static str,
    /// Common words, separated by spaces.
    words: &'static str,
    topics: &'static [&'static str],
}

const EN: Lexicon = Lexicon {
    title: "Guide",
    part: "Part",
    details: "Details",
    next: "the next page",
    external: "the reference",
    words: "the a token tokens scope scopes project projects group groups user users access expires expiring \
         expiry rotate rotation revoke revoked create created settings administrator repository repositories \
         pipeline pipelines runner runners registry package packages webhook webhooks request requests \
         response header headers server instance self-managed address hostname permission permissions role \
         roles maintainer developer owner reporter guest API endpoint endpoints version limit limits rate \
         error errors returns return check checks checked verify works working needs need read write only \
         also every each when before after until which that this these with without from into for and or not \
         is are was be can must should may use uses used using set configure configured default value values \
         field fields date days month secret secure security store stored never always copy paste page menu \
         select selected button form name description list lists shows shown option options team teams deploy \
         deployment deployments environment environments variable variables job jobs branch branches merge \
         commit commits issue issues review reviews audit event events log logs policy policies compliance \
         automation script scripts command commands client clients integration integrations service services \
         account accounts password passwords authentication",
    topics: &[
        "tokens",
        "scopes",
        "expiry",
        "rotation",
        "registry",
        "runners",
        "pipelines",
        "webhooks",
    ],
};

const ES: Lexicon = Lexicon {
    title: "Guía",
    part: "Parte",
    details: "Detalles",
    next: "la página siguiente",
    external: "la referencia",
    words: "el la los las un una token tokens ámbito ámbitos proyecto proyectos grupo grupos usuario usuarios \
         acceso caduca caducan caducidad rotar rotación revocar revocado crear creado configuración \
         administrador repositorio repositorios canalización canalizaciones ejecutor ejecutores registro \
         paquete paquetes webhook solicitud solicitudes respuesta cabecera cabeceras servidor instancia \
         autogestionada dirección nombre permiso permisos rol roles mantenedor desarrollador propietario \
         informador invitado API punto versión límite límites tasa error errores devuelve devolver comprobar \
         comprueba comprobado verificar funciona necesita necesitan leer escribir solo también cada cuando \
         antes después hasta que este esta estos con sin desde para y o no es son fue ser puede debe debería \
         usar usa usado establecer configurar configurado predeterminado valor valores campo campos fecha \
         días mes secreto seguro seguridad guardar guardado nunca siempre copiar pegar página menú \
         seleccionar seleccionado botón formulario descripción lista listas muestra mostrado opción opciones \
         equipo equipos desplegar despliegue despliegues entorno entornos variable variables trabajo trabajos \
         rama ramas fusión confirmación incidencia incidencias revisión auditoría evento eventos política \
         políticas cumplimiento automatización guion comando comandos cliente clientes integración \
         integraciones servicio servicios cuenta cuentas contraseña contraseñas autenticación aplicación \
         número está",
    topics: &[
        "tokens",
        "ámbitos",
        "caducidad",
        "rotación",
        "registro",
        "ejecutores",
        "canalizaciones",
        "webhooks",
    ],
};

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da", "zu", "fe", "gi", "ho", "bu", "ce", "xa", "ny", "qui",
    "tra", "ble", "ndo", "rse", "lla",
];

/// A rare word (a name, an identifier): the long tail that makes a real vocabulary grow with the site.
fn rare_word(rng: &mut Rng) -> String {
    let len = 2 + rng.below(3);
    (0..len).map(|_| rng.pick(SYLLABLES)).collect()
}

/// A sentence of prose: mostly common words, now and then a rare one or a number.
fn sentence(rng: &mut Rng, common: &[&str], words: usize) -> String {
    let mut s = String::new();
    for w in 0..words {
        if w > 0 {
            s.push(' ');
        }
        match rng.below(20) {
            0 => s.push_str(&rare_word(rng)),
            1 => {
                let _ = write!(s, "{}", rng.below(10_000));
            }
            _ => s.push_str(rng.pick(common)),
        }
    }
    let mut c = s.chars();
    let first = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{}.", c.as_str())
}

fn paragraph(rng: &mut Rng, common: &[&str], sentences: usize) -> String {
    (0..sentences)
        .map(|_| {
            let n = 8 + rng.below(8);
            sentence(rng, common, n)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One page's Markdown body (about 7.6 KB): an intro, then six parts, each with prose (bold, inline code, a link
/// to the next page's matching part and one out of the site), a sub-heading, a list, a code block, a table every
/// other part and a callout now and then.
fn page_body(seed: u64, lex: &Lexicon, topic: &str, i: usize, next_link: &str) -> String {
    let mut rng = Rng(seed);
    let common: Vec<&str> = lex.words.split_whitespace().collect();
    let common = common.as_slice();
    let mut page = paragraph(&mut rng, common, 2);
    page.push_str("\n\n");
    for s in 0..6 {
        let _ = write!(
            page,
            "## {} {s}: {topic} {{#part-{s}}}\n\n{} **{}** `{}-{i}` [{}]({next_link}#part-{s}), [{}](https://example.org/{i}/{s}).\n\n",
            lex.part,
            paragraph(&mut rng, common, 3),
            rng.pick(common),
            rng.pick(common),
            lex.next,
            lex.external,
        );
        let _ = write!(
            page,
            "### {} {s}.1\n\n{}\n\n",
            lex.details,
            paragraph(&mut rng, common, 2)
        );
        for item in 0..4 {
            let indent = if item == 2 { "  " } else { "" };
            let len = 5 + rng.below(6);
            let _ = writeln!(page, "{indent}- {}", sentence(&mut rng, common, len));
        }
        let _ = write!(
            page,
            "\n```bash\ncurl --header \"PRIVATE-TOKEN: $TOKEN\" \\\n  \"https://gitlab.example.com/api/v4/projects/{i}/{}?per_page={s}\"\n```\n\n",
            // The code is the same in both languages, as a translation keeps it (parity checks that).
            Rng((i * 8 + s) as u64).pick(&["jobs", "pipelines", "packages", "hooks", "members"]),
        );
        if s % 2 == 0 {
            page.push_str("| Key | Value | Note |\n|-----|-------|------|\n");
            for _ in 0..3 {
                let _ = writeln!(
                    page,
                    "| `{}` | {} | {} |",
                    rng.pick(&["read_api", "api", "read_registry", "write_repository", "sudo"]),
                    rng.below(1000),
                    sentence(&mut rng, common, 4),
                );
            }
            page.push('\n');
        }
        if (i + s).is_multiple_of(5) {
            let kind = ["NOTE", "TIP", "WARNING", "IMPORTANT"][(i + s) % 4];
            let _ = write!(page, "> [!{kind}]\n> {}\n\n", paragraph(&mut rng, common, 2));
        }
        page.push_str(&paragraph(&mut rng, common, 1));
        page.push_str("\n\n");
    }
    page
}

/// Write a bilingual site of `n` pages per language in sections of [`SECTION`] pages (see [`page_body`]), every
/// Spanish page a current translation. Returns the bytes of Markdown written (both languages); an existing
/// corpus of the same shape is kept.
fn generate(dir: &Path, n: usize) -> Result<usize> {
    // The theme's strings change with polydoc: copy them on every run.
    for lang in ["en", "es"] {
        std::fs::create_dir_all(dir.join("locales").join(lang))?;
        std::fs::copy(
            crate::root().join("locales").join(lang).join("site.ftl"),
            dir.join("locales").join(lang).join("site.ftl"),
        )?;
    }
    // A corpus from an older generator is replaced.
    let stamp = dir.join("corpus-version");
    const VERSION: &str = "2.4: ~7.6 KB a page, code kept in translation";
    if std::fs::read_to_string(&stamp).is_ok_and(|v| v == VERSION) {
        return Ok(tree(&dir.join("content"))?.iter().map(|(_, len)| len).sum());
    }
    let _ = std::fs::remove_dir_all(dir.join("content"));
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Bench\"\n\n[site]\nurl = \"https://bench.example.org\"\n\n[i18n]\ndefault = \"en\"\n\n[i18n.en]\nname = \"English\"\n\n[i18n.es]\nname = \"Español\"\n",
    )?;
    let key_of = |i: usize| -> String {
        if i == 0 {
            "index.md".to_string()
        } else if (i - 1).is_multiple_of(SECTION) {
            format!("section-{}/index.md", (i - 1) / SECTION)
        } else {
            format!("section-{}/page-{i}.md", (i - 1) / SECTION)
        }
    };
    let mut bytes = 0;
    for (lang, lex) in [("en", &EN), ("es", &ES)] {
        let mut summary = String::from("# Summary\n\n");
        for i in 0..n {
            let key = key_of(i);
            let topic = lex.topics[i % lex.topics.len()];
            let title = format!("{} {i}: {topic}", lex.title);
            let indent = if key.ends_with("/index.md") { "" } else { "  " };
            if i == 0 {
                let _ = writeln!(summary, "[{title}]({key})\n");
            } else {
                let _ = writeln!(summary, "{indent}- [{title}]({key})");
            }
            let mut page = format!("---\ntitle: \"{title}\"\ndescription: \"Page {i} about {topic}.\"\n");
            if lang == "es" && i > 0 && !key.ends_with("index.md") {
                let _ = writeln!(page, "slug: pagina-{i}");
            }
            if lang == "es" {
                // The English page was written first: record it, as `polydoc i18n mark` would.
                let original = std::fs::read_to_string(dir.join("content/en").join(&key))?;
                let _ = writeln!(page, "translated-from: {}", polydoc_site::short_hash(&original));
            }
            page.push_str("---\n");
            // Link to the next page, relative to this page's folder.
            let next = key_of(if i + 1 < n { i + 1 } else { 1.min(n - 1) });
            let next_link = format!("{}{next}", "../".repeat(key.matches('/').count()));
            let seed = (i as u64) << 1 | u64::from(lang == "es");
            page.push_str(&page_body(seed, lex, topic, i, &next_link));
            let path = dir.join("content").join(lang).join(&key);
            std::fs::create_dir_all(path.parent().context("page folder")?)?;
            bytes += page.len();
            std::fs::write(path, page)?;
        }
        bytes += summary.len();
        std::fs::write(dir.join("content").join(lang).join("SUMMARY.md"), summary)?;
    }
    std::fs::write(stamp, VERSION)?;
    Ok(bytes)
}
