"""``plankg serve``: run the HTTP service (SPARQL endpoint, REST resources, docs at /docs)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on (keep 127.0.0.1 unless behind a proxy)."),
        port: int = typer.Option(8000, help="Port to listen on."),
        log_level: str = typer.Option("info", help="uvicorn log level."),
    ) -> None:
        """Serve the store named by PLANKG_STORE over HTTP; OpenAPI docs at /docs."""
        import uvicorn

        from service.app import create_app
        from service.config import Settings

        settings = Settings.from_env()
        application = create_app(settings=settings)
        typer.echo(f"plankg: serving {settings.store} on http://{host}:{port}/ (SPARQL at /sparql, docs at /docs)", err=True)
        uvicorn.run(application, host=host, port=port, log_level=log_level)
