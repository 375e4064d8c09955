"""Data-quality triage of a project's event definitions: queues of definitions that need work
(pure functions of the definitions, their 30-day volumes and the schemas), and loading their inputs."""
