using System.Collections.ObjectModel;
using System.Globalization;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Registry;

/// <summary>
/// Options passed to an env factory by <see cref="EnvRegistry.Make"/>. Each env uses the options that apply to it
/// and documents which ones it ignores (CartPole, for example, has no nodes, goals or world to generate).
/// Env-specific settings (a grid size, a number of shelves) go in <see cref="Args"/>; the factory reads them with
/// the typed getters (<see cref="GetInt"/>, <see cref="GetFloat"/>, <see cref="GetBool"/>, <see cref="GetString"/>).
/// </summary>
public sealed record EnvMakeOptions
{
    /// <summary>Largest node set of the env (its <c>EnvSpec.MaxNodes</c>), or null for the env's default.</summary>
    public int? MaxNodes { get; init; }

    /// <summary>Episode step limit enforced by truncation, or null for the env's default.</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>Which goals episodes are drawn from (training goals by default).</summary>
    public GoalSplit Goals { get; init; } = GoalSplit.Train;

    /// <summary>
    /// Seed of the generated world (graph, house, corpus) and of the train / held-out goal split. Separate from the
    /// episode seed given to <c>Reset</c>, so every copy of a vector env shares one world.
    /// </summary>
    public long WorldSeed { get; init; }

    /// <summary>
    /// Env-specific arguments, key → value as text (from the command line: <c>--env-arg key=value</c>). Only keys the
    /// registration declared (<see cref="EnvArgument"/>) are accepted; <see cref="EnvRegistry.Make"/> names any other.
    /// </summary>
    public IReadOnlyDictionary<string, string> Args { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The integer <see cref="Args"/>[<paramref name="key"/>], or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="EnvArgumentException">The value is not an integer; the message names the key and the value (<see cref="EnvRegistry.Make"/> adds the env).</exception>
    public int GetInt(string key, int defaultValue) =>
        Get(key, defaultValue, "an integer", (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    /// <summary>The number <see cref="Args"/>[<paramref name="key"/>] (finite, invariant culture), or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="EnvArgumentException">The value is not a finite number; the message names the key and the value (<see cref="EnvRegistry.Make"/> adds the env).</exception>
    public float GetFloat(string key, float defaultValue) =>
        Get(key, defaultValue, "a finite number", (string text, out float value) =>
            float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value));

    /// <summary>The flag <see cref="Args"/>[<paramref name="key"/>] (<c>true</c> or <c>false</c>), or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="EnvArgumentException">The value is neither <c>true</c> nor <c>false</c>; the message names the key and the value (<see cref="EnvRegistry.Make"/> adds the env).</exception>
    public bool GetBool(string key, bool defaultValue) =>
        Get(key, defaultValue, "true or false", (string text, out bool value) => bool.TryParse(text, out value));

    /// <summary>The text <see cref="Args"/>[<paramref name="key"/>], or <paramref name="defaultValue"/> when absent.</summary>
    public string GetString(string key, string defaultValue)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Args.TryGetValue(key, out string? text) ? text : defaultValue;
    }

    /// <summary>
    /// Throws an <see cref="EnvArgumentException"/> naming <paramref name="key"/> and its value;
    /// <paramref name="requirement"/> says what the value must be (for example <c>an integer in [1, 16]</c>).
    /// </summary>
    public void ThrowInvalidArg(string key, string requirement)
    {
        ArgumentNullException.ThrowIfNull(key);
        string value = Args.TryGetValue(key, out string? text) ? $"'{text}'" : "absent";
        throw new EnvArgumentException($"argument '{key}' is {value}; expected {requirement}.");
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (MaxNodes is < 1)
        {
            throw new ArgumentException($"EnvMakeOptions.MaxNodes must be positive when set, got {MaxNodes}.", nameof(MaxNodes));
        }

        if (MaxEpisodeSteps is < 1)
        {
            throw new ArgumentException(
                $"EnvMakeOptions.MaxEpisodeSteps must be positive when set, got {MaxEpisodeSteps}.", nameof(MaxEpisodeSteps));
        }

        if (!Enum.IsDefined(Goals))
        {
            throw new ArgumentException($"EnvMakeOptions.Goals must be Train, HeldOut or All, got {(int)Goals}.", nameof(Goals));
        }

        if (Args is null)
        {
            throw new ArgumentException("EnvMakeOptions.Args must not be null; leave it empty for no arguments.", nameof(Args));
        }

        foreach ((string key, string value) in Args)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains('=', StringComparison.Ordinal) || value is null)
            {
                throw new ArgumentException(
                    $"EnvMakeOptions.Args holds '{key}' = {(value is null ? "null" : $"'{value}'")}; keys must be non-empty names without '=' and values non-null.",
                    nameof(Args));
            }
        }
    }

    private delegate bool TryParse<T>(string text, out T value);

    private T Get<T>(string key, T defaultValue, string requirement, TryParse<T> parse)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Args.TryGetValue(key, out string? text))
        {
            return defaultValue;
        }

        if (!parse(text, out T value))
        {
            ThrowInvalidArg(key, requirement);
        }

        return value;
    }
}
