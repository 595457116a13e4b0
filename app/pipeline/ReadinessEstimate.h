#pragma once
// When a deployment is expected to be ready, learnt from the last ones: the gateway's reply
// does not say (ZOS reports a workload's state, not how long it will take), so the steps keep
// the time the last deployments took from creation to `ok` and poll a new one then. A first
// poll that finds it still initialising is followed a probe step (a quarter interval) later,
// then every interval (with jitter) until it is ready: a first poll a little early costs a
// quarter interval, not a whole one, and one a little late costs what it is late. Never a
// doubled wait. Thread-safe: every worker records and asks.
//
// Only waits the polls pin down are learnt: ready within two intervals of a poll that saw it
// still initialising. A first poll that already finds it ready says only "ready by then", so
// the next deployments are probed a step sooner (a faster grid is noticed, a step per few
// deployments: from 10 s to 2 s takes some 300 deployments, each polled late); a wait that
// includes a failed or timed-out poll (15 s of silence) says nothing and is not learnt, or the
// estimate would ratchet up and every later deployment would be polled late.

#include <QHash>
#include <QString>
#include <QtGlobal>
#include <algorithm>
#include <array>
#include <mutex>

namespace griddeck {

class ReadinessEstimate
{
public:
    // `deploymentId` was created; its first poll is set `firstPollMs` after (expectedMs()).
    void created(const QString &deploymentId, qint64 firstPollMs);
    // A poll sent at `atMs` found it still initialising. True when that was its first poll,
    // set at a learnt time (not at once, with nothing known): the next is a probe step later
    // (probeStepMs()).
    bool sawInitialising(const QString &deploymentId, qint64 atMs);
    // A poll could not tell (an error reply or a timeout).
    void sawNoAnswer(const QString &deploymentId);
    // A poll sent at `atMs`, `waitedMs` after creation, found it ready. Learns the wait when the
    // polls pin it down (see above); forgets the deployment either way.
    void sawReady(const QString &deploymentId, qint64 atMs, qint64 waitedMs, int intervalMs);
    // The deployment is no longer waited for (failed, cancelled): forget it.
    void forget(const QString &deploymentId);

    // A deployment was seen ready `waitedMs` after its creation.
    void record(qint64 waitedMs);
    // The expected time from creation to ready: a low quantile of the last kSize waits;
    // 0 = nothing known yet.
    qint64 expectedMs() const;
    // How much sooner a ready first poll moves the estimate, and how soon a first poll that
    // missed is followed: a quarter of the poll interval.
    static constexpr qint64 probeStepMs(int intervalMs) { return std::max(1, intervalMs / 4); }

    static constexpr int kSize = 32;
    // Deployments followed at once; past this the oldest knowledge is dropped (only samples lost).
    static constexpr int kMaxFollowed = 16384;

private:
    struct Polls
    {
        bool firstPollPending = true;
        qint64 lastInitialisingAt = -1;
        qint64 firstPollMs = 0; // when the first poll was due, from creation
    };
    void recordLocked(qint64 waitedMs);

    mutable std::mutex m_mutex;
    std::array<qint64, kSize> m_waits {};
    int m_count = 0;
    int m_next = 0;
    QHash<QString, Polls> m_followed;
};

} // namespace griddeck
