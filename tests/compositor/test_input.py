"""Virtual keyboard and pointer input reach the right client."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from harness import Session, centered_origin, check, run, typed_text  # noqa: E402


def test_typing_reaches_the_focused_client():
    with Session("--no-xwayland") as s:
        c = s.pattern_client()
        c.wait_for(r"^keyboard_enter$")
        mark = c.mark()
        s.run(["wtype", "Hello, wrd!"])
        c.wait_for(r"^key \d+ pressed !$", since=mark)
        check(typed_text(c, mark) == "Hello, wrd!", f"client saw {typed_text(c, mark)!r}")


def test_click_moves_focus_and_typing_follows():
    with Session("--no-xwayland") as s:
        a = s.pattern_client("--title", "A", name="A")
        b = s.pattern_client("--title", "B", name="B")
        b.wait_for(r"^keyboard_enter$")
        ax, ay = centered_origin(1920, 1080, 400, 300)
        # The first window is centred and the second placed beside it.
        ma, mb = a.mark(), b.mark()
        s.pointer_to(ax + 10, ay + 10)
        s.click()
        a.wait_for(r"^button 272 pressed$", since=ma)
        a.wait_for(r"^keyboard_enter$", since=ma)
        b.wait_for(r"^keyboard_leave$", since=mb)
        ma = a.mark()
        s.run(["wtype", "a"])
        a.wait_for(r"^key \d+ pressed a$", since=ma)
        check("a" not in typed_text(b, mb), "the unfocused window got the key")


def test_pointer_buttons_and_wheel_reach_the_client():
    with Session("--no-xwayland") as s:
        c = s.pattern_client()
        x, y = centered_origin(1920, 1080, 400, 300)
        s.pointer_to(x + 100, y + 50)
        c.wait_for(r"^pointer_enter 100(\.0+)? 50(\.0+)?$")
        s.click("right")
        c.wait_for(r"^button 273 pressed$")
        c.wait_for(r"^button 273 released$")
        s.run(["wlrctl", "pointer", "scroll", "10", "0"])
        c.wait_for(r"^axis vertical ")


def test_alt_tab_cycles_focus():
    with Session("--no-xwayland") as s:
        a = s.pattern_client("--title", "A", name="A")
        b = s.pattern_client("--title", "B", name="B")
        b.wait_for(r"^keyboard_enter$")
        ma, mb = a.mark(), b.mark()
        s.run(["wtype", "-M", "alt", "-k", "Tab", "-m", "alt"])
        a.wait_for(r"^keyboard_enter$", since=ma)
        b.wait_for(r"^keyboard_leave$", since=mb)
        check(not any(l.startswith("key ") and "pressed" in l and l.endswith(" \t") for l in a.lines[ma:]),
              "the Tab of Alt+Tab leaked to the client")
        mb = b.mark()
        s.run(["wtype", "-M", "alt", "-k", "Tab", "-m", "alt"])
        b.wait_for(r"^keyboard_enter$", since=mb)


if __name__ == "__main__":
    run(globals())
