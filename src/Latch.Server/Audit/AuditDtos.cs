using System.Text.Json;
using Latch.Core.Audit;

namespace Latch.Server.Audit;

public sealed record AuditEntryView(long Seq, DateTimeOffset At, string Actor, string Action, string Target, JsonElement Data, string PrevHash, string Hash)
{
    public static AuditEntryView Of(AuditEntry e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return new(e.Seq, DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs), e.Actor, e.Action, e.Target, data.RootElement.Clone(),
            Convert.ToHexStringLower(e.PrevHash), Convert.ToHexStringLower(e.Hash));
    }
}

/// <summary>A page of entries; <see cref="Next"/> is the <c>after</c> value for the next page, if any.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, long? Next);

public sealed record AuditVerification(bool Valid, long Entries, long? FirstBadEntry);
