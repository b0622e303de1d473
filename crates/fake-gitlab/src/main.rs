//! The `fake-gitlab` command: runs the fake server in the foreground and prints its URL and scenario tokens.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use fake_gitlab::{Config, Scenario};

const USAGE: &str = "usage: fake-gitlab [--port N] [--relative-root /gitlab] [--stall-secs N] [--quiet]

Serves a GitLab-like REST API on 127.0.0.1 until Ctrl-C.
  --port N             port to bind (default: a free port)
  --relative-root P    serve below a sub-path, e.g. /gitlab
  --stall-secs N       how long the `stall` scenario holds responses (default 15)
  --quiet              do not log requests to stderr";

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Config>, String> {
    let mut config = Config::default().with_log_requests(true);
    let mut args = args;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => {
                let v = value("--port")?;
                let port: u16 = v.parse().map_err(|_| format!("--port: not a port: {v:?}"))?;
                config = config.with_addr(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
            }
            "--relative-root" => config = config.with_relative_root(value("--relative-root")?),
            "--stall-secs" => {
                let v = value("--stall-secs")?;
                let secs: u64 = v.parse().map_err(|_| format!("--stall-secs: not a number: {v:?}"))?;
                config = config.with_stall(Duration::from_secs(secs));
            }
            "--quiet" => config = config.with_log_requests(false),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(config))
}

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Some(c)) => c,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("fake-gitlab: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fake-gitlab: cannot start a tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let server = match fake_gitlab::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("fake-gitlab: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        // First line is machine-readable: the instance URL (base URL + relative root).
        println!("{}", server.instance_url());
        println!(
            "API: {}   (send the token as PRIVATE-TOKEN or Authorization: Bearer)",
            server.api_url()
        );
        println!();
        let width = Scenario::ALL.iter().map(|s| s.slug().len()).max().unwrap_or(0);
        for s in Scenario::ALL {
            println!("{:<width$}  {}  {}", s.slug(), s.token(), s.summary());
        }
        println!();
        println!("Press Ctrl-C to stop.");
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("fake-gitlab: waiting for Ctrl-C failed: {e}");
        }
        server.shutdown();
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Config>, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn arguments() {
        let c = parse(&["--port", "8080", "--relative-root", "/gitlab", "--stall-secs=2"]);
        let c = c.ok().flatten();
        assert_eq!(c.as_ref().map(|c| c.addr.port()), Some(8080));
        assert_eq!(c.as_ref().map(|c| c.relative_root.as_str()), Some("/gitlab"));
        assert_eq!(c.as_ref().map(|c| c.stall), Some(Duration::from_secs(2)));
        assert!(matches!(parse(&["--help"]), Ok(None)));
        for bad in [&["--port"][..], &["--port", "x"], &["--nope"], &["--stall-secs", "-1"]] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
