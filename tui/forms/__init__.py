"""Form specs, diffing, validation and the YAML round trip, on plain dicts (no UI, no HTTP)."""

from tui.forms.fields import FORM_SPECS, FieldSpec, FormError, Unparsed

__all__ = ["FORM_SPECS", "FieldSpec", "FormError", "Unparsed"]
