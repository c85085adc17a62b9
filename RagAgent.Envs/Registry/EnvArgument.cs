namespace RagAgent.Envs.Registry;

/// <summary>
/// An env-specific argument a registration accepts in <see cref="EnvMakeOptions.Args"/> (from the command line:
/// <c>--env-arg name=value</c>). <see cref="EnvRegistry.Make"/> rejects keys no registration declared, so a misspelt
/// key is an error rather than silently ignored.
/// </summary>
/// <param name="Name">The key, for example <c>rooms</c>.</param>
/// <param name="Description">What it sets, its type and default, for example <c>rooms on offer per episode (int, 1-16, default 8)</c>.</param>
public sealed record EnvArgument(string Name, string Description);
