// A small streaming JSON writer for the probe's report: commas and string escaping handled,
// no document model. Any thread; one writer per document.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wrd::probe {

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(bool b);
    JsonWriter& value(double d);  // non-finite numbers become null
    JsonWriter& value(int64_t i);
    JsonWriter& value(uint64_t u);
    JsonWriter& value(int i) { return value(static_cast<int64_t>(i)); }
    JsonWriter& null();
    template <typename T>
    JsonWriter& value(const std::optional<T>& v) {
        return v ? value(*v) : null();
    }

    // The document; valid once every object and array is closed.
    const std::string& str() const { return out_; }

private:
    void before_value();

    std::string out_;
    // Per open container: whether it already has an element (so the next needs a comma).
    std::vector<bool> has_element_;
    bool after_key_ = false;
};

// `text` as a JSON string literal, quotes included; invalid UTF-8 is passed through as is.
std::string json_quote(std::string_view text);

}  // namespace wrd::probe
