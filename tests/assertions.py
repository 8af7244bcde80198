import re


def assert_no_inline_script(body):
    """The CSP will forbid inline scripts and event handlers; JSON data blocks are fine."""
    for tag in re.findall(r"<script\b[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", body)
