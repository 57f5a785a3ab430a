"""The floor for our figures: a minimal Chalice app with the same heavy imports and one route of each kind.

It parses a JSON body into a pydantic model and renders one Jinja template, the least any real answer
endpoint does. Kept apart from the product; only the benchmark imports it.
"""

import json

from chalice import Chalice, Response
from jinja2 import Environment
from pydantic import BaseModel

app = Chalice(app_name="minimal")
_TEMPLATE = Environment(autoescape=True).from_string("{{ count }} answers")


class Body(BaseModel):
    answers: dict[str, str | list[str]]


@app.route("/things/{slug}", methods=["GET"])
def thing(slug):
    return Response(body=json.dumps({"slug": slug}), headers={"Content-Type": "application/json"})


@app.route("/things/{slug}/responses", methods=["POST"])
def respond(slug):
    body = Body.model_validate_json(app.current_request.raw_body)
    text = _TEMPLATE.render(count=len(body.answers))
    return Response(body=json.dumps({"slug": slug, "text": text}), headers={"Content-Type": "application/json"})
