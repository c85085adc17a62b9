using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace RagAgent.Samples.Cli;

/// <summary>Range rules for integer options, checked while parsing so a bad value is a parse error naming the option.</summary>
internal static class OptionRules
{
    /// <summary>Makes <paramref name="option"/> accept only integers of at least <paramref name="minimum"/>.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, T minimum)
        where T : IBinaryInteger<T>
    {
        option.CustomParser = result => Parse(result, option.Name, minimum);
        return option;
    }

    private static T Parse<T>(ArgumentResult result, string name, T minimum)
        where T : IBinaryInteger<T>
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (!T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out T? value))
        {
            result.AddError($"{name}: '{text}' is not an integer.");
            return minimum;
        }

        if (value < minimum)
        {
            result.AddError($"{name}: must be >= {minimum}, got {value}.");
        }

        return value;
    }
}
