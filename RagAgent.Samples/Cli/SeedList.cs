using System.Globalization;

namespace RagAgent.Samples.Cli;

/// <summary>The value of <c>--seeds</c>: ranges and single seeds separated by commas, <c>1-5</c>, <c>1,4,9</c>, <c>1-3,10</c>.</summary>
internal static class SeedList
{
    /// <summary>Most seeds one command runs.</summary>
    public const int MaxSeeds = 1000;

    /// <summary>Parses <paramref name="text"/>; throws a <see cref="UsageException"/> for <c>--seeds</c> naming the bad part.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        var seeds = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-', 1);
            if (dash < 0)
            {
                seeds.Add(Number(part, text));
                continue;
            }

            int first = Number(part[..dash], text);
            int last = Number(part[(dash + 1)..], text);
            if (last < first || (long)last - first >= MaxSeeds)
            {
                throw new UsageException("--seeds", $"range '{part}' must run upwards and hold at most {MaxSeeds} seeds; expected for example 1-5 or 1,4,9.");
            }

            for (int seed = first; ; seed++)
            {
                seeds.Add(seed);
                if (seed == last)
                {
                    break;
                }
            }
        }

        if (seeds.Count > MaxSeeds || seeds.Distinct().Count() != seeds.Count)
        {
            throw new UsageException("--seeds", $"'{text}' must list at most {MaxSeeds} distinct seeds.");
        }

        return seeds;
    }

    private static int Number(string part, string text) =>
        int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new UsageException("--seeds", $"'{text}' is not a seed list: '{part}' is not an integer; expected for example 1-5 or 1,4,9.");
}
