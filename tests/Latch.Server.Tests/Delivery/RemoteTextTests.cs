using Latch.Core.Codes;
using Latch.Server.Delivery;

namespace Latch.Server.Tests.Delivery;

public sealed class RemoteTextTests
{
    [Theory]
    [InlineData("503 Service Unavailable", "503 Service Unavailable")]
    [InlineData("bad\u001b[31mred\r\nForged: log line", "bad?[31mred??Forged: log line")]
    [InlineData("your code 48213907 failed", "your code [redacted] failed")]
    public void A_channels_text_is_printable_and_holds_no_code(string text, string cleaned) =>
        Assert.Equal(cleaned, RemoteText.Clean(text, new PlainCode("48213907")));

    [Fact]
    public void A_long_text_is_cut_short() =>
        Assert.Equal(new string('a', 10) + "…", RemoteText.Clean(new string('a', 300), maxLength: 10));
}
