"""The review as one self-contained HTML page: inline CSS, the chart as inline SVG, no scripts.

Nothing is loaded from elsewhere (no ``src``/``href`` to another host, no web
fonts, no JavaScript), so the file can be sent by e-mail and opened offline.
Every text from the documents is escaped (Jinja2 autoescape).
"""

from __future__ import annotations

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from service.review.chart import load_heatmap
from service.review.model import COLUMNS, Review

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1200px;color:#1b1f24;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #2a5d9f;padding-bottom:.2em}
h2 small{font-weight:normal;color:#555;font-size:.7em;display:block}
table{border-collapse:collapse;width:100%;font-size:.86em;margin:.6em 0}
th,td{border:1px solid #d0d7de;padding:.3em .45em;text-align:left;vertical-align:top}
th{background:#eef3f9}tr:nth-child(even) td{background:#fafbfc}
.count{display:inline-block;min-width:1.6em;padding:0 .4em;border-radius:1em;background:#2a5d9f;color:#fff;text-align:center}
.none{color:#2e7d32}.meta{color:#555}nav ol{columns:2}code{font-size:.95em}
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="ro">
<head>
<meta charset="utf-8">
<title>Analiza coerenței planurilor / Coherence review of the plans</title>
<style>{{ css }}</style>
</head>
<body>
<h1>Analiza coerenței planurilor / Coherence review of the plans</h1>
<p class="meta">Generat / generated {{ review.generated_at.strftime("%Y-%m-%d %H:%M UTC") }} — {{ review.plans|length }} planuri / plans,
{{ review.finding_count }} constatări / findings.</p>
<table>
<tr><th>Plan / Plan</th><th>Titlu / Title</th><th>Țara / Country</th><th>Perioada / Period</th><th>Elemente / Items</th></tr>
{% for plan in review.plans %}<tr><td><code>{{ plan.id }}</code></td><td>{{ plan.title }}</td><td>{{ plan.country }}</td><td>{{ plan.period }}</td><td>{{ plan.items }}</td></tr>
{% endfor %}</table>
<nav><ol>{% for s in review.sections %}<li><a href="#{{ s.key }}">{{ s.title_ro }} / {{ s.title_en }}</a>
{% if s.key != "institution-load" %}<span class="count">{{ s.findings|length }}</span>{% endif %}</li>{% endfor %}</ol></nav>
{% for s in review.sections %}
<section id="{{ s.key }}">
<h2>{{ s.title_ro }}<small>{{ s.title_en }}</small></h2>
<p>{{ s.description }}</p>
{% if s.key == "institution-load" %}
<figure>{{ chart }}<figcaption>Elemente pe instituție și an (responsabil + partener) / Items per institution and year (responsible + partner)</figcaption></figure>
<table><tr><th>Instituția / Institution</th><th>An / Year</th><th>Responsabil / Responsible</th><th>Partener / Partner</th></tr>
{% for c in s.load %}<tr><td>{{ c.label }}</td><td>{{ c.year }}</td><td>{{ c.responsible }}</td><td>{{ c.partner }}</td></tr>
{% endfor %}</table>
{% elif s.findings %}
<table><tr>{% for key, label in columns %}<th>{{ label }}</th>{% endfor %}</tr>
{% for f in s.findings %}<tr>{% for key, label in columns %}<td>{{ f[key] }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% if s.omitted_note %}<p class="meta">{{ s.omitted_note }}</p>{% endif %}
{% else %}<p class="none">Nicio constatare / No findings.</p>{% endif %}
</section>
{% endfor %}
</body>
</html>
"""


def render_html(review: Review) -> str:
    """The review as one HTML document (``text/html; charset=utf-8``)."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(TEMPLATE)  # f[key] falls back to getattr(f, key) in Jinja2
    load = next((s.load for s in review.sections if s.key == "institution-load"), ())
    return template.render(review=review, css=Markup(CSS), columns=COLUMNS, chart=Markup(load_heatmap(load)))
