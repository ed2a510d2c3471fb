"""The bodies the library endpoints take, as pydantic models and as the OpenAPI docs show them."""

from __future__ import annotations

import json

from pydantic import BaseModel, Field


class Pasted(BaseModel):
    title: str
    text: str
    source: str = ""
    date: str = Field("", description="YYYY-MM-DD; '' = today.")


class Add(BaseModel):
    urls: list[str] = Field(default_factory=list, description="Web pages or PDFs to fetch.")
    text: Pasted | None = Field(None, description="An article's text, pasted.")
    collection: str = ""


class Feed(BaseModel):
    url: str = Field(description="An RSS or Atom feed's address.")
    collection: str = ""


class Named(BaseModel):
    name: str = Field(description="3-40 characters: a-z, 0-9, - and _.")


def _inlined(model: type[BaseModel]) -> dict:
    """A model's JSON schema with its nested models written in (the docs page can't follow $defs)."""
    schema = model.model_json_schema()
    nested = schema.pop("$defs", {})
    text = json.dumps(schema)
    for name, inner in nested.items():
        text = text.replace(json.dumps({"$ref": f"#/$defs/{name}"}), json.dumps(inner))
    return json.loads(text)


FORM = {"type": "object", "properties": {
    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
    "urls": {"type": "array", "items": {"type": "string"}}, "collection": {"type": "string"}}}  # fmt: skip
# POST /v1/articles reads its body itself (a form or JSON): what it takes, for /docs
BODY = {"requestBody": {"content": {"application/json": {"schema": _inlined(Add)},
                                    "multipart/form-data": {"schema": FORM}}}}  # fmt: skip
