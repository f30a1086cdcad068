// SPDX-License-Identifier: Apache-2.0
#pragma once

// What may go on the wire as an HTTP header or a bearer token (RFC 9110 §5.6.2, RFC 6750 §2.1).
// Checked where headers are built — the command line, the request tester — and once more in
// AemRequest before anything is sent, so a CR/LF can never add a header of its own.

#include <QByteArray>
#include <QByteArrayView>

namespace aem {

// A method or header name: one or more tchar ("!#$%&'*+-.^_`|~", digits, letters).
bool isHttpToken(QByteArrayView s);
// A header value: no CR, LF or NUL (nor other control characters but tab).
bool isHttpHeaderValue(QByteArrayView s);
// token68: letters, digits, "-._~+/" and trailing "=". A JWT is one (base64url parts and dots).
bool isToken68(QByteArrayView s);
// A header only the program sets (any case): Host (it names the site behind a shared front end,
// so another one would take the token there), Content-Length, Transfer-Encoding and Connection
// (the framing: a second request could hide in a body).
bool isTransportHeader(QByteArrayView name);

} // namespace aem
