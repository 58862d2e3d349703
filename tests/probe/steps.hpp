// The steps wrd-probe runs after connecting, one per --step, and their parser. A step is
// plain data; steps_run.cpp does them. Any thread; no state.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <variant>

namespace wrd::probe {

struct Size {
    int width = 0;
    int height = 0;
};

struct Region {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

enum class Button { left, right, middle };

namespace step {
struct WaitFrames {
    int count;
};
struct WaitStable {
    int ms;
};
struct Screenshot {
    std::string path;
};
// UTF-8 text, sent as Unicode keyboard events.
struct Type {
    std::string text;
};
// Text sent as scancodes of a US keyboard.
struct Keys {
    std::string text;
};
struct Key {
    uint8_t scancode;
    bool extended;
};
struct Click {
    int x;
    int y;
    Button button;
};
struct Move {
    int x;
    int y;
};
struct Wheel {
    int notches;
    bool horizontal;
};
struct Resize {
    Size size;
};
struct ClipboardSetText {
    std::string text;
};
struct ClipboardGetText {
    std::string path;
};
struct ClipboardSetImage {
    std::string path;
};
struct ClipboardGetImage {
    std::string path;
};
struct Sleep {
    int ms;
};
// Input that should change the region: a press of 'a', or a left click at its centre.
enum class Trigger { key, click };
struct Latency {
    Region region;
    int samples;
    Trigger trigger;
};
// Until the server's clipboard channel is up: it sent Monitor Ready and answered our first
// format list.
struct WaitClipboard {};
// Blocks (handling the connection meanwhile) until a line arrives on stdin: lets a test do
// something on the server side at a known point of the run.
struct WaitStdin {};
// Saves the pointer image the server showed last, with its alpha, as an RGBA PNG.
struct PointerImage {
    std::string path;
};
// Until the server sends one more pointer update of a kind: a pointer image (new, large,
// colour or cached), the hidden (null) or default system pointer, or a position.
enum class PointerEvent { image, null, system_default, position };
struct WaitPointer {
    PointerEvent event;
};
// MS-RDPBCGR 2.2.11.3.1 Suppress Output PDU: on asks the server to stop sending the desktop
// (allowDisplayUpdates 0, as a minimized client does), off allows it again for the whole desktop.
struct SuppressOutput {
    bool suppress;
};
// Off holds back RDPGFX frame acknowledgements (MS-RDPEGFX 2.2.2.13); on sends the held ones
// and acknowledges as usual again.
struct AckFrames {
    bool on;
};
struct Disconnect {};
struct Kill {};
}  // namespace step

using StepAction = std::variant<step::WaitFrames, step::WaitStable, step::Screenshot, step::Type, step::Keys, step::Key,
                                step::Click, step::Move, step::Wheel, step::Resize, step::ClipboardSetText,
                                step::ClipboardGetText, step::ClipboardSetImage, step::ClipboardGetImage, step::Sleep,
                                step::Latency, step::WaitClipboard, step::WaitStdin, step::WaitPointer,
                                step::PointerImage, step::SuppressOutput, step::AckFrames, step::Disconnect,
                                step::Kill>;

struct Step {
    std::string text;  // as given, for messages and the report
    StepAction action;
};

// The usage lines for --help.
extern const std::string_view kStepUsage;

// Parses one --step. Text arguments (type, keys, clipboard-set-text) are the rest of the line
// with "\n", "\t" and "\\" unescaped; paths are the rest of the line as given.
std::expected<Step, std::string> parse_step(std::string_view text);

// Small parsers the options share: a whole-string integer in [lo, hi], and "WxH".
std::expected<int, std::string> parse_int(std::string_view text, int lo, int hi);
std::expected<Size, std::string> parse_size(std::string_view text);

// "\n", "\t", "\\" to the characters; any other backslash stays as it is.
std::string unescape(std::string_view text);

}  // namespace wrd::probe
