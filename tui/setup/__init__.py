"""A project's setup as a file: pull it to YAML, compare two sides, plan and apply the difference.

- `kinds`: what the file holds, kind by kind, field by field (the one description the loader,
  the JSON Schema, the puller and the planner all read);
- `document`: the file itself (`Setup`): deterministic YAML out, YAML in with errors naming lines;
- `schema`: the JSON Schema of the file;
- `pull`: a project read into a `Setup`; `refs`: the actions an insight names, by name in a file;
- `plan`: two `Setup`s compared into per-object changes, field by field;
- `ops` and `apply`: a plan turned into requests and run as a job (dependency order, pacing,
  progress, a per-item report) with a `journal` that lets an interrupted apply resume;
- `pace`: a rate limiter that keeps every window of PostHog's throttles;
- `sides`: where a side comes from (a file, a profile, a URL, the demo) and its write gate;
- `render`: a plan as text, JSON or YAML.

Nothing here imports Textual: the CLI and the `:diff` screen share all of it.
"""
