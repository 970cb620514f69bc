//! Running the server: bind, print the ready line, serve until SIGTERM or Ctrl-C.

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;

use crate::error::ServeError;
use crate::routes::{App, router};

/// Serve `app` on `listen` until SIGTERM or SIGINT; in-flight requests finish first.
///
/// When the socket is bound, one JSON line `{"url":"http://ADDR:PORT"}` goes to stdout (with
/// port 0 the OS picks the port, and the line gives it).
pub fn run(app: App, listen: SocketAddr) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(serve(Arc::new(app), listen))
}

async fn serve(app: Arc<App>, listen: SocketAddr) -> Result<(), ServeError> {
    if !listen.ip().is_loopback() {
        eprintln!(
            "keyport serve: warning: listening on {listen}, which is not a loopback address; \
             anyone who can reach it and holds the token can use this signer network"
        );
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| ServeError::Io(format!("cannot listen on {listen}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Io(format!("cannot read the bound address: {e}")))?;
    eprintln!(
        "keyport serve: org {} with {} {} signers, listening on {addr}",
        app.org_id,
        app.cluster.len(),
        app.cluster.envelope().as_str()
    );
    {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{}",
            serde_json::json!({ "url": format!("http://{addr}") })
        )
        .and_then(|()| out.flush())
        .map_err(|e| ServeError::Io(format!("cannot write the ready line: {e}")))?;
    }
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| ServeError::Io(format!("server failed: {e}")))?;
    eprintln!("keyport serve: stopped");
    Ok(())
}

/// Resolves on SIGTERM or SIGINT.
async fn shutdown() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(e) => {
            eprintln!("keyport serve: cannot watch SIGTERM ({e}); stop with Ctrl-C");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
    eprintln!("keyport serve: shutting down");
}
