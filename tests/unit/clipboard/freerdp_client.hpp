// FreeRDP for the in-process RDP loopback test: the server side through rdp/src/freerdp.hpp
// (the project's choke point), plus the client-side headers only this test needs.
#pragma once

#include "freerdp.hpp"

// clang-format off
#include <freerdp/client.h>
#include <freerdp/client/channels.h>
#include <freerdp/client/cliprdr.h>
#include <freerdp/event.h>
// clang-format on
