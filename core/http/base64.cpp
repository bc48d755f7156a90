#include "http/base64.h"

#include <cctype>
#include <openssl/evp.h>

namespace quiver::core::http {

std::string base64Encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(bytes.data()),
                                        static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

Result<std::string> base64Decode(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    std::string padded(text);
    while (padded.size() % 4 != 0)
        padded += '=';
    // EVP_DecodeBlock counts padding as zero bytes, so they are removed afterwards.
    std::size_t padding = 0;
    if (!padded.empty() && padded.back() == '=')
        padding = padded[padded.size() - 2] == '=' ? 2 : 1;
    std::string out(3 * padded.size() / 4, '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(padded.data()),
                                        static_cast<int>(padded.size()));
    if (written < 0 || padded.size() % 4 != 0 || padded.find('=') < padded.size() - padding)
        return makeError(ErrorKind::protocol,
                         "invalid base64 text \"" + std::string(text) + "\": not RFC 4648 base64");
    out.resize(static_cast<std::size_t>(written) - padding);
    return out;
}

} // namespace quiver::core::http
