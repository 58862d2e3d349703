// The one place in rdp/ that includes FreeRDP and WinPR headers (a test greps for strays), so
// their macros and C quirks stay in one spot.
#pragma once

// clang-format off
#include <winpr/crt.h>
#include <winpr/ntlm.h>
#include <winpr/ssl.h>
#include <winpr/synch.h>
#include <winpr/wlog.h>
#include <winpr/wtsapi.h>

#include <freerdp/freerdp.h>
#include <freerdp/heartbeat.h>
#include <freerdp/listener.h>
#include <freerdp/peer.h>
#include <freerdp/settings.h>
#include <freerdp/channels/channels.h>
#include <freerdp/channels/wtsvc.h>
#include <freerdp/channels/drdynvc.h>
#include <freerdp/codec/color.h>
#include <freerdp/codec/region.h>
#include <freerdp/crypto/certificate.h>
#include <freerdp/crypto/privatekey.h>
#include <freerdp/pointer.h>
#include <freerdp/server/cliprdr.h>
#include <freerdp/server/disp.h>
#include <freerdp/server/rdpgfx.h>
#include <freerdp/update.h>
#include <freerdp/transport_io.h>
// clang-format on
