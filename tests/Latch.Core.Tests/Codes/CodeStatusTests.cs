using Latch.Core.Codes;

namespace Latch.Core.Tests.Codes;

public sealed class CodeStatusTests
{
    [Theory]
    [InlineData(CodeState.Active, 0, 1, 1000, 2000, 1500, null)]
    [InlineData(CodeState.Active, 0, 1, 1000, 2000, 999, DenyReason.NotYetValid)]
    [InlineData(CodeState.Active, 0, 1, 1000, 2000, 2000, DenyReason.Expired)]
    [InlineData(CodeState.Active, 1, 1, 1000, 2000, 1500, DenyReason.Consumed)]
    [InlineData(CodeState.Consumed, 1, 1, 1000, 2000, 5000, DenyReason.Consumed)]
    [InlineData(CodeState.Revoked, 0, 1, 1000, 2000, 5000, DenyReason.Revoked)]
    [InlineData(CodeState.Dead, 0, 1, 1000, 2000, 1500, DenyReason.Revoked)]
    [InlineData(CodeState.Expired, 0, 1, 1000, 2000, 1500, DenyReason.Expired)]
    public void The_reason_follows_state_then_uses_then_window(CodeState state, int uses, int maxUses, long notBefore, long notAfter, long now, DenyReason? expected) =>
        Assert.Equal(expected, CodeStatus.WhyNotConsumable(state, uses, maxUses, notBefore, notAfter, now));
}
