using Latch.Controller.Events;
using Latch.Controller.State;
using Latch.Controller.Transport;
using Latch.Controller.Twin;
using Latch.Core.Offline;

namespace Latch.Controller;

/// <summary>
/// A door controller: syncs its twin, forwards typed codes to Latch, and when Latch is unreachable verifies offline
/// codes itself (docs/offline-codes.md, "How the controller checks a typed code"), enforcing keypad lockout always.
/// One operation runs at a time, so a background sync and the keypad never interleave their writes.
/// </summary>
public sealed class DoorController(ControllerState state, IDoorTransport transport, TimeProvider time, DoorControllerOptions? options = null) : IDisposable
{
    private readonly DoorControllerOptions _options = options ?? new DoorControllerOptions();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _unlockedUntil = DateTimeOffset.MinValue;

    /// <summary>The controller's clock: the time provider plus the configured offset.</summary>
    public DateTimeOffset Now => time.GetUtcNow() + _options.ClockOffset;

    public DoorTwin? Twin => state.Twin;

    /// <summary>Whether the last call reached Latch; null before the first.</summary>
    public bool? Online { get; private set; }

    /// <summary>The skew Latch measured at the last report (seconds, positive = this controller is fast).</summary>
    public double? SkewSeconds { get; private set; }

    public DateTimeOffset? LastSyncAttempt { get; private set; }

    /// <summary>True when the twin's sync interval has passed since the last attempt (or there was none).</summary>
    public bool IsSyncDue => LastSyncAttempt is not { } last || Now - last >= Config.SyncInterval;

    /// <summary>Events Latch has not acknowledged yet, in sequence order.</summary>
    public IReadOnlyList<DoorEvent> PendingEvents => Read(journal => (IReadOnlyList<DoorEvent>)[.. journal.Pending]);

    public long UploadedThrough => Read(journal => journal.UploadedThrough);

    /// <summary>The current failure streak and, when locked, until when (controller clock).</summary>
    public (int Failures, DateTimeOffset? LockedUntil) Keypad =>
        Read(journal => (journal.Failures, journal.LockedUntil > Now ? journal.LockedUntil : (DateTimeOffset?)null));

    private DoorConfig Config => state.Twin?.Desired ?? DoorConfig.Default;

    /// <summary>Fetches and keeps the twin, reports this controller's state and clock, then uploads pending events.</summary>
    public async Task<SyncResult> SyncAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            LastSyncAttempt = Now;
            var fetched = await transport.GetTwinAsync(ct);
            if (fetched is not Reply<DoorTwin>.Answered { Value: var twin })
            {
                Online = false;
                var pending = state.Journal.Pending.Count;
                return fetched is Reply<DoorTwin>.Refused refused
                    ? new SyncResult(SyncStatus.Refused, null, 0, pending, refused.ToString())
                    : new SyncResult(SyncStatus.Unreachable, null, 0, pending, ((Reply<DoorTwin>.Unreachable)fetched).Why);
            }

            Online = true;
            state.SaveTwin(twin);

            // lastSyncAt reports the sync before this one: how long this controller went without a twin.
            var previousSync = state.Journal.LastSyncAt;
            state.Journal.LastSyncAt = Now;
            state.Journal.PruneUsed(Now, twin.Desired.ClockTolerance);
            state.SaveJournal();

            var report = new ReportedState(_options.Firmware, Now, previousSync, Locked: Now >= _unlockedUntil, twin.Secret?.Version);
            SkewSeconds = await transport.ReportAsync(report, ct) is Reply<ReportAnswer>.Answered { Value: var answer }
                ? answer.SkewSeconds

                // No report answer: estimate from the twin's server time (includes the request's latency).
                : Math.Round((LastSyncAttempt.Value - twin.ServerTime).TotalSeconds, 1);
            var uploaded = await UploadAsync(ct);
            return new SyncResult(SyncStatus.Online, SkewSeconds, uploaded, state.Journal.Pending.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A code typed at the keypad. The lockout is checked first, always; then Latch decides, or the controller alone
    /// when Latch is unreachable. Every refused code counts toward the lockout — online denials too, so going through
    /// Latch gives a guesser no more tries than the keypad allows offline — except when Latch refuses the controller.
    /// </summary>
    public async Task<KeypadResult> EnterCodeAsync(string typed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(typed);
        typed = typed.Trim();
        await _gate.WaitAsync(ct);
        try
        {
            var lockout = new KeypadLockout(Config.Lockout, state.Journal.Failures, state.Journal.LockedUntil);
            if (lockout.IsLocked(Now, out var remaining))
            {
                // Step 1: refuse without looking at the code (and without telling Latch, which would count it again).
                return new KeypadResult.Denied(DenyReasons.Locked, false, LockedFor: remaining);
            }

            var reply = await transport.UnlockAsync(typed, ct);
            switch (reply)
            {
                case Reply<UnlockAnswer>.Answered { Value.Open: true } open:
                    Online = true;
                    ConsumeLocally(typed);
                    Succeeded(lockout);
                    return new KeypadResult.Opened(open.Value.UserId, false);
                case Reply<UnlockAnswer>.Answered { Value: var denied }:
                    Online = true;
                    var lockedFor = Failed(lockout, null);
                    return new KeypadResult.Denied(denied.Reason ?? DenyReasons.Invalid, false, LockedFor: lockedFor, Policy: denied.Policy);
                case Reply<UnlockAnswer>.Refused:
                    Online = true;
                    return new KeypadResult.Denied(DenyReasons.Refused, false);
                default:
                    Online = false;
                    return VerifyOffline(typed, lockout);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Reads the journal between operations: a status request may come while a background sync is running.</summary>
    private T Read<T>(Func<ControllerJournal, T> read)
    {
        _gate.Wait();
        try
        {
            return read(state.Journal);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>docs/offline-codes.md, "How the controller checks a typed code", steps 2–5 (step 1 ran before).</summary>
    private KeypadResult VerifyOffline(string typed, KeypadLockout lockout)
    {
        var twin = state.Twin;
        if (twin is null || !twin.CanVerifyOffline)
        {
            state.Journal.Append(Now, DoorEvent.OfflineDeny, reason: DenyReasons.Offline);
            return new KeypadResult.Denied(DenyReasons.Offline, true, LockedFor: Failed(lockout, null));
        }

        // Steps 2–3: every candidate window and slot, compared in constant time.
        var reference = Find(twin, typed);

        // Step 4: a match on the revocation list or the used-list is refused.
        var reason = reference is not { } match ? DenyReasons.Invalid
            : twin.Revocations.Contains(match) ? DenyReasons.Revoked
            : state.Journal.Used.Contains(match) ? DenyReasons.Consumed
            : null;
        if (reason is not null)
        {
            // Step 5: every refusal is a failure for the lockout.
            state.Journal.Append(Now, DoorEvent.OfflineDeny, reference, reason);
            return new KeypadResult.Denied(reason, true, reference, Failed(lockout, reference));
        }

        state.Journal.Used.Add(reference!.Value);
        state.Journal.Append(Now, DoorEvent.OfflineOpen, reference);
        Succeeded(lockout);
        _unlockedUntil = Now + _options.OpenDuration;
        return new KeypadResult.Opened(null, true, reference);
    }

    private OfflineCodeRef? Find(DoorTwin twin, string typed) =>
        typed.Length == twin.Desired.CodeLength
            ? OfflineCodes.Find(twin.Secret!, twin.DoorId, typed, Now, twin.Desired.ClockTolerance, twin.Desired.CodeLength)
            : null;

    /// <summary>
    /// An offline code opened online is consumed in Latch, but this controller would not know it if Latch went down
    /// next: put it on the used-list too, so it cannot open a second time offline.
    /// </summary>
    private void ConsumeLocally(string typed)
    {
        _unlockedUntil = Now + _options.OpenDuration;
        if (state.Twin is { CanVerifyOffline: true } twin && Find(twin, typed) is { } reference && !state.Journal.Used.Contains(reference))
        {
            state.Journal.Used.Add(reference);
        }
    }

    private void Succeeded(KeypadLockout lockout)
    {
        lockout.RecordSuccess();
        state.Journal.Failures = 0;
        state.Journal.LockedUntil = DateTimeOffset.MinValue;
        state.SaveJournal();
    }

    /// <summary>Counts a failure; when it starts a lock, logs a lockout event. Saves the journal (with any event appended before).</summary>
    private TimeSpan? Failed(KeypadLockout lockout, OfflineCodeRef? reference)
    {
        var lockFor = lockout.RecordFailure(Now);
        state.Journal.Failures = lockout.ConsecutiveFailures;
        state.Journal.LockedUntil = lockout.LockedUntil;
        if (lockFor > TimeSpan.Zero)
        {
            state.Journal.Append(Now, DoorEvent.Lockout, reference, reason: $"locked for {(int)lockFor.TotalSeconds} s", failures: lockout.ConsecutiveFailures);
        }

        state.SaveJournal();
        return lockFor > TimeSpan.Zero ? lockFor : null;
    }

    /// <summary>Posts pending events in order until none is left or Latch stops taking them; returns how many it took.</summary>
    private async Task<int> UploadAsync(CancellationToken ct)
    {
        var journal = state.Journal;
        var uploaded = 0;
        var renumbered = false;
        while (journal.Pending.Count > 0)
        {
            var batch = journal.Pending.Take(_options.UploadBatch).ToList();
            if (await transport.UploadEventsAsync(batch, ct) is not Reply<long>.Answered { Value: var acceptedThrough })
            {
                break;
            }

            if (acceptedThrough >= journal.NextSeq && !renumbered)
            {
                // Latch holds numbers this controller never gave: its folder was reset. Continue after Latch's numbers.
                journal.RenumberAfter(acceptedThrough);
                state.SaveJournal();
                renumbered = true;
                continue;
            }

            var before = journal.Pending.Count;
            journal.Acknowledge(acceptedThrough);
            state.SaveJournal();
            uploaded += before - journal.Pending.Count;
            if (before == journal.Pending.Count)
            {
                break; // Latch took none of them: try again at the next sync rather than loop.
            }
        }

        return uploaded;
    }
}
