#include "output_management.hpp"

#include "log.hpp"
#include "output.hpp"
#include "server.hpp"

namespace wrd::compositor {

OutputManagement::OutputManagement(Server& server) : server_(server) {
    manager_ = wlr_output_manager_v1_create(server.display);
    apply_.connect(manager_->events.apply, [this](wlr_output_configuration_v1* config) {
        bool ok = apply(config, false);
        if (ok)
            wlr_output_configuration_v1_send_succeeded(config);
        else
            wlr_output_configuration_v1_send_failed(config);
        wlr_output_configuration_v1_destroy(config);
        publish();
    });
    test_.connect(manager_->events.test, [this](wlr_output_configuration_v1* config) {
        if (apply(config, true))
            wlr_output_configuration_v1_send_succeeded(config);
        else
            wlr_output_configuration_v1_send_failed(config);
        wlr_output_configuration_v1_destroy(config);
    });
}

void OutputManagement::publish() {
    wlr_output_configuration_v1* config = wlr_output_configuration_v1_create();
    for (Output* out : server_.outputs) {
        wlr_output_configuration_head_v1* head = wlr_output_configuration_head_v1_create(config, out->wlr);
        wlr_box box = out->layout_box();
        head->state.x = box.x;
        head->state.y = box.y;
    }
    wlr_output_manager_v1_set_configuration(manager_, config);
}

bool OutputManagement::apply(wlr_output_configuration_v1* config, bool test_only) {
    bool ok = true;
    wlr_output_configuration_head_v1* head;
    wl_list_for_each(head, &config->heads, link) {
        wlr_output* output = head->state.output;
        wlr_output_state state;
        wlr_output_state_init(&state);
        wlr_output_head_v1_state_apply(&head->state, &state);
        bool head_ok = test_only ? wlr_output_test_state(output, &state) : wlr_output_commit_state(output, &state);
        wlr_output_state_finish(&state);
        if (!head_ok) {
            log().warn("output configuration for {} rejected", output->name);
            ok = false;
            continue;
        }
        if (test_only) continue;
        if (head->state.enabled) {
            wlr_output_layout_add(server_.output_layout, output, head->state.x, head->state.y);
            log().info("output {} configured: {}x{} at {},{} scale {:.2f}", output->name, output->width, output->height,
                       head->state.x, head->state.y, output->scale);
        } else {
            wlr_output_layout_remove(server_.output_layout, output);
            log().info("output {} disabled", output->name);
        }
    }
    return ok;
}

}  // namespace wrd::compositor
