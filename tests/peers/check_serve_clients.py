"""Real clients against a running `keel serve`: the official openai package (chat, streamed and
not, completions, models, embeddings, errors raised as OpenAI's exception types, structured
outputs parsed into a pydantic model by the client's own `parse`, nested models and enums
included, at a temperature where the model alone would write anything) and
tritonclient's HTTP client speaking KServe v2 (liveness, metadata, inference).

    check_serve_clients.py BASE_URL CASE_JSON

CASE_JSON names the models ({"llm", "encoder" or null, "registry"}) and holds the KServe rows
(columns and their values) whose predictions tst_servepeers computed offline. Prints what the
clients got, as JSON.
"""
import json
import sys

import enum

import numpy as np
import openai
import pydantic
import tritonclient.http as triton

base, case = sys.argv[1], json.load(open(sys.argv[2]))
out = {}

client = openai.OpenAI(base_url=base + "/v1", api_key="unused", max_retries=0)
out["models"] = sorted(m.id for m in client.models.list().data)
chat = client.chat.completions.create(model=case["llm"], messages=[{"role": "user", "content": "Hello world"}], max_tokens=12, temperature=0)
out["chat"] = {"text": chat.choices[0].message.content, "finish_reason": chat.choices[0].finish_reason,
               "completion_tokens": chat.usage.completion_tokens, "prompt_tokens": chat.usage.prompt_tokens}
pieces, usage = [], None
for chunk in client.chat.completions.create(model=case["llm"], messages=[{"role": "user", "content": "Hello world"}], max_tokens=12,
                                            temperature=0, stream=True, stream_options={"include_usage": True}):
    if chunk.choices and chunk.choices[0].delta.content:
        pieces.append(chunk.choices[0].delta.content)
    if chunk.usage:
        usage = chunk.usage.completion_tokens
out["stream"] = {"text": "".join(pieces), "chunks": len(pieces), "completion_tokens": usage}
# Logprobs, streamed and not: the same tokens and log probabilities as the client reads them.
kwargs = dict(model=case["llm"], messages=[{"role": "user", "content": "Hello world"}], max_tokens=8, temperature=0, logprobs=True, top_logprobs=2)
whole = client.chat.completions.create(**kwargs).choices[0].logprobs.content
streamed = [t for chunk in client.chat.completions.create(stream=True, **kwargs) if chunk.choices and chunk.choices[0].logprobs
            for t in chunk.choices[0].logprobs.content]
out["logprobs"] = {"whole": [[t.token, t.logprob, len(t.top_logprobs)] for t in whole],
                   "streamed": [[t.token, t.logprob, len(t.top_logprobs)] for t in streamed]}
completion = client.completions.create(model=case["llm"], prompt="Hello", max_tokens=6, temperature=0)
out["completion"] = completion.choices[0].text


class Colour(str, enum.Enum):
    red = "red"
    green = "green"


class Pet(pydantic.BaseModel):
    kind: str = pydantic.Field(max_length=8)
    colour: Colour


class Person(pydantic.BaseModel):
    name: str = pydantic.Field(max_length=10)
    age: int
    pets: list[Pet] = pydantic.Field(max_length=2)
    height: float | None


parsed = []
for seed in range(4):
    try:
        reply = client.chat.completions.parse(model=case["llm"], messages=[{"role": "user", "content": "A person as JSON"}], response_format=Person,
                                              max_tokens=200, temperature=1.0, seed=seed)
    except openai.LengthFinishReasonError:  # cut by the token limit before the document ended
        parsed.append({"finish_reason": "length", "valid": None})
        continue
    choice = reply.choices[0]
    parsed.append({"finish_reason": choice.finish_reason, "valid": isinstance(choice.message.parsed, Person)})
out["structured"] = parsed
try:
    client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "x"}])
    out["not_found"] = "no error"
except openai.NotFoundError as e:
    out["not_found"] = {"status": e.status_code, "message": e.message}
try:
    client.completions.create(model=case["llm"], prompt="x", max_tokens=0)
    out["bad_request"] = "no error"
except openai.BadRequestError as e:
    out["bad_request"] = {"status": e.status_code, "message": e.message}
if case.get("encoder"):
    emb = client.embeddings.create(model=case["encoder"], input=["a cat sits on the mat", "stock markets fell"])
    out["embeddings"] = [list(map(float, d.embedding)) for d in emb.data]

kserve = triton.InferenceServerClient(url=base[len("http://"):])
out["kserve_live"] = kserve.is_server_live()
meta = kserve.get_model_metadata(case["registry"])
out["kserve_inputs"] = len(meta["inputs"])
inputs = []
for name, values in case["columns"].items():
    numeric = all(isinstance(v, (int, float)) for v in values)
    arr = np.array(values, dtype=np.float64 if numeric else object)
    t = triton.InferInput(name, [len(values)], "FP64" if numeric else "BYTES")
    t.set_data_from_numpy(arr, binary_data=False)  # the protocol's JSON, not Triton's binary extension
    inputs.append(t)
result = kserve.infer(case["registry"], inputs, outputs=[triton.InferRequestedOutput("predict", binary_data=False),
                                                             triton.InferRequestedOutput("predict_proba", binary_data=False)])
out["kserve_version"] = result.get_response()["model_version"]
out["kserve_predict"] = [v.decode() if isinstance(v, bytes) else str(v) for v in result.as_numpy("predict").tolist()]
out["kserve_proba"] = result.as_numpy("predict_proba").astype(float).ravel().tolist()
print(json.dumps(out))
