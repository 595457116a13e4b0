// deployment.toml: any text either loads or is rejected with a message; never a crash. What
// loads writes back (toToml) to a file that loads again to the same settings.
#include "FuzzSupport.h"
#include "config/Config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace griddeck;
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    auto loaded = Config::loadString(text, QStringLiteral("fuzz.toml"));
    if (!loaded.ok()) {
        if (loaded.error().message.isEmpty())
            fuzz::broken("a rejected file says why", text.left(200));
        return 0;
    }
    const QString written = loaded.value().toToml();
    auto again = Config::loadString(written, QStringLiteral("written.toml"));
    if (!again.ok())
        fuzz::broken("what loads writes back loadable", again.error().message);
    if (!(again.value() == loaded.value()))
        fuzz::broken("what loads writes back the same", written.left(400));
    return 0;
}
