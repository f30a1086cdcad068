// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading JSON text byte by byte without parsing it: where its strings are, so that braces,
// brackets and commas inside them are not taken for structure.

namespace aem {

class JsonStringTracker
{
public:
    // Feed the next byte: true when it belongs to a string (its quotes included).
    bool inString(char c)
    {
        if (m_inString) {
            if (m_escaped)
                m_escaped = false;
            else if (c == '\\')
                m_escaped = true;
            else if (c == '"')
                m_inString = false;
            return true;
        }
        m_inString = c == '"';
        return m_inString;
    }

private:
    bool m_inString = false;
    bool m_escaped = false;
};

} // namespace aem
