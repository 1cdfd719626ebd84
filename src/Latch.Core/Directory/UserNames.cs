using System.Text;

namespace Latch.Core.Directory;

/// <summary>
/// When two user names are the same name: compared after Unicode compatibility normalization (NFKC) and lower-casing,
/// so "Alex", "ALEX" and fullwidth "ａｌｅｘ" are one name. A directory where they could be three people invites
/// mistakes in policies, audit reviews and sign-in; the name is kept as it was typed, only its key is compared.
/// </summary>
public static class UserNames
{
    public static string Key(string userName) =>
        userName.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormKC);
}
