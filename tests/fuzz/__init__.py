"""Bad input: arbitrary server payloads and hostile text, on every parse path and screen."""
