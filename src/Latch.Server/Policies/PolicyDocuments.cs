using System.Globalization;
using Latch.Core.Directory;
using Latch.Core.Policies;
using Latch.Server.Http;

namespace Latch.Server.Policies;

/// <summary>
/// Reads a policy document into the core's model, reporting every invalid field by its path, and writes the model
/// back as the normalized document Latch stores and returns.
/// </summary>
internal static class PolicyDocuments
{
    private const string All = "all";
    private const string Any = "any";
    private const string Trusted = "trusted";
    private const string TimeFormat = "HH:mm";
    public const int MaxSignInFrequencyMinutes = 30 * 24 * 60;
    public const int MaxCodeTtlSeconds = 24 * 3600;
    private const int MaxListLength = 1000;

    public static PolicyDefinition? Read(PolicyDocument doc, FieldErrors errors)
    {
        var name = errors.Required("name", doc.Name);
        if (!PolicyStates.TryParse(doc.State, out var state))
        {
            errors.Add("state", "state is required: enabled, reportOnly or disabled.");
        }

        var users = ReadUsers(doc.Users, errors);
        var resources = ReadResources(doc.Resources, errors);
        var conditions = ReadConditions(doc.Conditions, errors);
        var grant = ReadGrant(doc.Grant, errors);
        var session = ReadSession(doc.Session, errors);
        return errors.Any ? null : new PolicyDefinition
        {
            Name = name,
            State = state,
            Users = users,
            Resources = resources,
            Conditions = conditions,
            Grant = grant,
            Session = session,
        };
    }

    /// <summary>
    /// The document as Latch would store it (without id or version), or null with <paramref name="errors"/> filled
    /// when it does not read. Ids it names are not checked here: that needs the store.
    /// </summary>
    public static PolicyDocument? Normalize(PolicyDocument doc, FieldErrors errors) =>
        Read(doc, errors) is { } definition ? Write(definition) : null;

    /// <summary>The normalized document: every list present, ids in the order given, nothing Latch does not read.</summary>
    public static PolicyDocument Write(PolicyDefinition p, string? id = null, int? version = null) => new()
    {
        Id = id,
        Version = version,
        Name = p.Name,
        State = p.State.WireName(),
        Users = new UsersSection
        {
            Include = [.. p.Users.IncludeAll ? [All] : Array.Empty<string>(), .. p.Users.IncludeUsers],
            Exclude = [.. p.Users.ExcludeUsers],
            IncludeGroups = [.. p.Users.IncludeGroups],
            ExcludeGroups = [.. p.Users.ExcludeGroups],
        },
        Resources = new ResourcesSection
        {
            Include = [.. p.Resources.IncludeAll ? [All] : Array.Empty<string>(), .. p.Resources.Include],
            Exclude = [.. p.Resources.Exclude],
        },
        Conditions = new ConditionsSection
        {
            SignInRisk = [.. p.Conditions.SignInRisk.Select(r => r.WireName())],
            UserRisk = [.. p.Conditions.UserRisk.Select(r => r.WireName())],
            Locations = p.Conditions.Locations is { } l ? new LocationsSection
            {
                Include = [.. l.IncludeAny ? [Any] : Array.Empty<string>(), .. l.IncludeTrusted ? [Trusted] : Array.Empty<string>(), .. l.Include],
                Exclude = [.. l.ExcludeTrusted ? [Trusted] : Array.Empty<string>(), .. l.Exclude],
            } : null,
            Platforms = [.. p.Conditions.Platforms.Select(x => x.WireName())],
            ClientApps = [.. p.Conditions.ClientApps.Select(x => x.WireName())],
            DeviceCompliance = p.Conditions.DeviceCompliance == DeviceComplianceCondition.Any ? null : p.Conditions.DeviceCompliance.WireName(),
            Time = p.Conditions.Time is { } t ? new TimeSection
            {
                Days = [.. t.Days.Select(d => d.WireName())],
                From = t.From.ToString(TimeFormat, CultureInfo.InvariantCulture),
                To = t.To.ToString(TimeFormat, CultureInfo.InvariantCulture),
                TimeZone = t.TimeZoneId,
            } : null,
        },
        Grant = new GrantSection
        {
            Block = p.Grant.Block,
            Requirements = [.. p.Grant.Requirements.Select(r => r.WireName())],
            Operator = p.Grant.Operator.WireName(),
        },
        Session = new SessionSection { CodeTtlSeconds = p.Session.CodeTtlSeconds, SignInFrequencyMinutes = p.Session.SignInFrequencyMinutes },
    };

    /// <summary>Every directory id the policy names, with the field that names it, for an existence check.</summary>
    public static IEnumerable<(string Field, string Kind, string Id)> References(PolicyDefinition p)
    {
        foreach (var (field, kind, ids) in new (string, string, IReadOnlyList<string>)[]
        {
            ("users.include", "user", p.Users.IncludeUsers),
            ("users.exclude", "user", p.Users.ExcludeUsers),
            ("users.includeGroups", "group", p.Users.IncludeGroups),
            ("users.excludeGroups", "group", p.Users.ExcludeGroups),
            ("resources.include", "resource", p.Resources.Include),
            ("resources.exclude", "resource", p.Resources.Exclude),
            ("conditions.locations.include", "location", p.Conditions.Locations?.Include ?? []),
            ("conditions.locations.exclude", "location", p.Conditions.Locations?.Exclude ?? []),
        })
        {
            foreach (var id in ids)
            {
                yield return (field, kind, id);
            }
        }
    }

    private static UserAssignment ReadUsers(UsersSection? users, FieldErrors errors)
    {
        if (users is null)
        {
            errors.Add("users", "users is required, e.g. {\"include\": [\"all\"]}.");
            return UserAssignment.All;
        }

        var (includeAll, include) = Ids(users.Include, "users.include", PublicId.User, All, errors);
        var result = new UserAssignment
        {
            IncludeAll = includeAll,
            IncludeUsers = include,
            ExcludeUsers = Ids(users.Exclude, "users.exclude", PublicId.User, null, errors).Ids,
            IncludeGroups = Ids(users.IncludeGroups, "users.includeGroups", PublicId.Group, null, errors).Ids,
            ExcludeGroups = Ids(users.ExcludeGroups, "users.excludeGroups", PublicId.Group, null, errors).Ids,
        };
        if (!result.IncludeAll && result.IncludeUsers.Count == 0 && result.IncludeGroups.Count == 0)
        {
            errors.Add("users.include", "The policy must include someone: \"all\", user ids, or groups in users.includeGroups.");
        }

        return result;
    }

    private static ResourceAssignment ReadResources(ResourcesSection? resources, FieldErrors errors)
    {
        if (resources is null)
        {
            errors.Add("resources", "resources is required, e.g. {\"include\": [\"all\"]}.");
            return ResourceAssignment.All;
        }

        var (includeAll, include) = Ids(resources.Include, "resources.include", PublicId.Resource, All, errors);
        if (!includeAll && include.Count == 0)
        {
            errors.Add("resources.include", "The policy must include \"all\" or resource ids.");
        }

        return new ResourceAssignment
        {
            IncludeAll = includeAll,
            Include = include,
            Exclude = Ids(resources.Exclude, "resources.exclude", PublicId.Resource, null, errors).Ids,
        };
    }

    private static PolicyConditions ReadConditions(ConditionsSection? c, FieldErrors errors)
    {
        if (c is null)
        {
            return PolicyConditions.None;
        }

        var compliance = DeviceComplianceCondition.Any;
        if (c.DeviceCompliance is not null && !DeviceComplianceConditions.TryParse(c.DeviceCompliance, out compliance))
        {
            errors.Add("conditions.deviceCompliance", "deviceCompliance must be compliant or nonCompliant (leave it out for any).");
        }

        return new PolicyConditions
        {
            SignInRisk = Values<RiskLevel>(c.SignInRisk, "conditions.signInRisk", RiskLevels.TryParse, "none, low, medium, high", errors),
            UserRisk = Values<RiskLevel>(c.UserRisk, "conditions.userRisk", RiskLevels.TryParse, "none, low, medium, high", errors),
            Locations = ReadLocations(c.Locations, errors),
            Platforms = Values<DevicePlatform>(c.Platforms, "conditions.platforms", DevicePlatforms.TryParse, "windows, macos, linux, ios, android", errors),
            ClientApps = Values<ClientApp>(c.ClientApps, "conditions.clientApps", ClientApps.TryParse, "browser, mobile, api, keypad", errors),
            DeviceCompliance = compliance,
            Time = ReadTime(c.Time, errors),
        };
    }

    private static LocationCondition? ReadLocations(LocationsSection? l, FieldErrors errors)
    {
        if (l is null || (l.Include is null or [] && l.Exclude is null or []))
        {
            return null;
        }

        var include = Words(l.Include, "conditions.locations.include", PublicId.Location, [Any, Trusted], errors);
        var exclude = Words(l.Exclude, "conditions.locations.exclude", PublicId.Location, [Trusted], errors);
        return new LocationCondition
        {
            IncludeAny = include.Words.Contains(Any),
            IncludeTrusted = include.Words.Contains(Trusted),
            Include = include.Ids,
            ExcludeTrusted = exclude.Words.Contains(Trusted),
            Exclude = exclude.Ids,
        };
    }

    private static TimeWindow? ReadTime(TimeSection? t, FieldErrors errors)
    {
        if (t is null)
        {
            return null;
        }

        var days = Values<DayOfWeek>(t.Days, "conditions.time.days", PolicyDays.TryParse, "mon, tue, wed, thu, fri, sat, sun", errors);
        var from = ReadTimeOfDay(t.From, "conditions.time.from", errors);
        var to = ReadTimeOfDay(t.To, "conditions.time.to", errors);
        if (string.IsNullOrWhiteSpace(t.TimeZone))
        {
            errors.Add("conditions.time.timeZone", "timeZone is required: an IANA time zone such as Europe/Berlin or UTC.");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(t.TimeZone, out _))
        {
            errors.Add("conditions.time.timeZone", $"'{Problems.Shorten(t.TimeZone)}' is not a known IANA time zone (e.g. Europe/Berlin).");
        }

        return new TimeWindow { Days = days, From = from, To = to, TimeZoneId = t.TimeZone ?? "UTC" };
    }

    private static TimeOnly ReadTimeOfDay(string? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, $"{field} is required, as HH:mm (24-hour).");
            return default;
        }

        if (!TimeOnly.TryParseExact(value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors.Add(field, $"{field} must be a time of day as HH:mm (24-hour), e.g. 08:00.");
        }

        return time;
    }

    private static GrantControls ReadGrant(GrantSection? g, FieldErrors errors)
    {
        if (g is null)
        {
            errors.Add("grant", "grant is required: {\"block\": true} or {\"requirements\": [\"requireCode\"]}.");
            return GrantControls.None;
        }

        var requirements = Values<GrantRequirement>(g.Requirements, "grant.requirements", GrantRequirements.TryParse, "requireCode, requireCompliantDevice", errors);
        var op = GrantOperator.And;
        if (g.Operator is not null && !GrantOperators.TryParse(g.Operator, out op))
        {
            errors.Add("grant.operator", "operator must be and or or.");
        }

        if (g.Block == true && requirements.Count > 0)
        {
            errors.Add("grant.requirements", "A blocking policy has no requirements: give block or requirements, not both.");
        }

        return new GrantControls { Block = g.Block == true, Requirements = requirements, Operator = op };
    }

    private static SessionControls ReadSession(SessionSection? s, FieldErrors errors)
    {
        if (s is null)
        {
            return SessionControls.None;
        }

        if (s.CodeTtlSeconds is { } ttl && (ttl < 30 || ttl > MaxCodeTtlSeconds))
        {
            errors.Add("session.codeTtlSeconds", $"codeTtlSeconds must be between 30 and {MaxCodeTtlSeconds}.");
        }

        if (s.SignInFrequencyMinutes is { } minutes && (minutes < 1 || minutes > MaxSignInFrequencyMinutes))
        {
            errors.Add("session.signInFrequencyMinutes", $"signInFrequencyMinutes must be between 1 and {MaxSignInFrequencyMinutes}.");
        }

        return new SessionControls { CodeTtlSeconds = s.CodeTtlSeconds, SignInFrequencyMinutes = s.SignInFrequencyMinutes };
    }

    private static (bool HasWord, IReadOnlyList<string> Ids) Ids(List<string>? values, string field, string prefix, string? word, FieldErrors errors)
    {
        var (words, ids) = Words(values, field, prefix, word is null ? [] : [word], errors);
        return (words.Count > 0, ids);
    }

    /// <summary>Reads a list of ids of one kind, plus the reserved words it allows; duplicates are dropped.</summary>
    private static (IReadOnlyList<string> Words, IReadOnlyList<string> Ids) Words(
        List<string>? values, string field, string prefix, string[] allowedWords, FieldErrors errors)
    {
        if (values is null)
        {
            return ([], []);
        }

        if (values.Count > MaxListLength)
        {
            errors.Add(field, $"{field} may hold at most {MaxListLength} entries.");
            return ([], []);
        }

        var words = new List<string>();
        var ids = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (allowedWords.Contains(value))
            {
                if (!words.Contains(value))
                {
                    words.Add(value);
                }
            }
            else if (PublicId.HasShape(value, prefix))
            {
                if (!ids.Contains(value))
                {
                    ids.Add(value);
                }
            }
            else
            {
                var choices = string.Join(", ", allowedWords.Select(w => $"\"{w}\"").Append($"{prefix}_ ids"));
                errors.Add($"{field}[{i}]", $"'{Problems.Shorten(value ?? "null")}' is not allowed here; expected {choices}.");
            }
        }

        return (words, ids);
    }

    private delegate bool Parser<T>(string? value, out T result);

    private static List<T> Values<T>(List<string>? values, string field, Parser<T> parse, string expected, FieldErrors errors)
    {
        if (values is null)
        {
            return [];
        }

        var result = new List<T>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!parse(values[i], out var value))
            {
                errors.Add($"{field}[{i}]", $"'{Problems.Shorten(values[i] ?? "null")}' is not one of {expected}.");
            }
            else if (!result.Contains(value))
            {
                result.Add(value);
            }
        }

        return result;
    }
}
