#!/usr/bin/env python3
"""A large system description for bench/threat_model_bench.sh: COMPONENTS components of every
kind in nested trust boundaries, FLOWS flows between them (some untrusted, some carrying
restricted data), and decisions on a share of the threats. Deterministic for a given seed."""
import argparse
import random

KINDS = ["user", "browser", "web_app", "api_service", "process", "llm", "agent", "tool",
         "vector_store", "prompt", "model_registry", "training_pipeline", "dataset",
         "secrets_store", "database", "file_store", "queue", "identity_provider", "repository",
         "build_pipeline", "saas"]
TECH = ["sql", "xml", "html", "cookies", "sessions", "jwt", "oauth", "file_upload", "url_fetch",
        "templates", "deserialization", "graphql", "cache", "container", "cloud"]
CLASSES = ["public", "internal", "confidential", "restricted"]
CONTENT = ["text", "json", "prompt", "tool_call", "tool_result", "html", "sql", "file", "code"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--components", type=int, default=200)
    p.add_argument("--flows", type=int, default=500)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    rnd = random.Random(a.seed)
    lines = ["quarry_threat_model: 1", "system:", "  name: Bench system",
             f"  description: {a.components} components and {a.flows} flows", "  owner: Bench",
             "components:"]
    kinds = []
    for i in range(a.components):
        kind = KINDS[i % len(KINDS)]
        kinds.append(kind)
        attrs = [f"id: c{i}", f"kind: {kind}"]
        if rnd.random() < 0.3:
            attrs.append("internet_facing: true")
        if rnd.random() < 0.5:
            attrs.append("tech: [" + ", ".join(rnd.sample(TECH, 3)) + "]")
        if rnd.random() < 0.4:
            attrs.append("data_classes: [" + rnd.choice(CLASSES) + "]")
        if kind == "tool":
            attrs.append("permissions: [" + ", ".join(rnd.sample(["read", "write", "execute", "network"], 2)) + "]")
            attrs.append("approval: " + rnd.choice(["none", "human"]))
        if kind == "agent":
            attrs.append("memory: " + rnd.choice(["none", "session", "persistent"]))
        if kind == "llm":
            attrs.append("hosting: " + rnd.choice(["hosted", "self_hosted"]))
        lines.append("  - {" + ", ".join(attrs) + "}")
    lines.append("flows:")
    for f in range(a.flows):
        src = rnd.randrange(a.components)
        dst = rnd.randrange(a.components - 1)
        dst = dst + 1 if dst >= src else dst
        attrs = [f"id: f{f}", f"from: c{src}", f"to: c{dst}",
                 "protocol: " + rnd.choice(["https", "http", "grpc", "sql", "amqp"]),
                 "content: [" + rnd.choice(CONTENT) + "]",
                 "data_classes: [" + rnd.choice(CLASSES) + "]",
                 "authenticated: " + rnd.choice(["true", "false"])]
        if rnd.random() < 0.1:
            attrs.append("untrusted: true")
        lines.append("  - {" + ", ".join(attrs) + "}")
    # Twenty boundaries, five of them nested in the others.
    lines.append("boundaries:")
    per = a.components // 20
    for b in range(20):
        members = [f"c{i}" for i in range(b * per, (b + 1) * per)]
        nested = [f"b{b + 15}"] if b < 5 else []
        lines.append(f"  - {{id: b{b}, contains: [" + ", ".join(members + nested) + "]}")
    lines.append("decisions:")
    for i in range(0, a.components, 7):
        lines.append(f"  - {{threat: TM-LLM-001, target: c{i}, status: accepted, "
                     "rationale: bench, by: Bench, until: 2099-01-01}")
    with open(a.out, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
