#pragma once
// Two consoles on one store, as the live-update tests set them up: a watcher started and loaded,
// and a second Store object on the same database.

#include "TestSupport.h"
#include "models/StoreWatcher.h"
#include "store/Store.h"

#include <QSignalSpy>
#include <memory>

namespace griddeck::test {

// Starts the watcher with the console's own settings (250 ms on SQLite; PostgreSQL is pushed
// to) and waits for its first full read.
inline bool startAndLoad(StoreWatcher &watcher)
{
    QSignalSpy loaded(&watcher, &StoreWatcher::initialLoadFinished);
    watcher.start();
    return loaded.wait(10'000);
}

// The second console's own Store object on the same database.
inline std::shared_ptr<Store> secondConsole(const TempStore &temp)
{
    auto store = Store::open(temp.store()->location(), Store::OpenMode::MustExist);
    if (!store.ok())
        qFatal("cannot open the store a second time: %s", qPrintable(store.error().message));
    return store.value();
}

} // namespace griddeck::test
