"""The navbar's menu on a phone."""


def open_menu(page):
    """Open the menu and wait until Bootstrap has finished unfolding it (`.show` replaces `.collapsing`): a click
    sent while it unfolds can miss its item on a loaded machine, and nothing is submitted."""
    page.click("nav >> button.navbar-toggler")
    page.wait_for_selector("#nav-main.show")
