using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.SmartHome;

/// <summary>
/// The target scenes of a smart-home world. Each scene is a variant of an archetype ("movie-night", "away",
/// "morning", "dinner", "work", "party") that fixes a setting per device kind; a variant replaces the setting of
/// some devices by a random one or by "any".
/// </summary>
public sealed class SmartHomeScenes
{
    private static readonly string[] ArchetypeNames = ["movie-night", "away", "morning", "dinner", "work", "party"];

    // Per archetype, the setting of each kind in DeviceKind order: light, blind, media, climate.
    private static readonly DeviceSetting[][] Archetypes =
    [
        [DeviceSetting.Low, DeviceSetting.Off, DeviceSetting.High, DeviceSetting.Low],
        [DeviceSetting.Off, DeviceSetting.Off, DeviceSetting.Off, DeviceSetting.Off],
        [DeviceSetting.High, DeviceSetting.High, DeviceSetting.Low, DeviceSetting.High],
        [DeviceSetting.Low, DeviceSetting.High, DeviceSetting.Low, DeviceSetting.High],
        [DeviceSetting.High, DeviceSetting.High, DeviceSetting.Off, DeviceSetting.Low],
        [DeviceSetting.High, DeviceSetting.Off, DeviceSetting.High, DeviceSetting.High],
    ];

    private readonly DeviceSetting[] _targets;
    private readonly string[] _names;

    private SmartHomeScenes(int numDevices, DeviceSetting[] targets, string[] names)
    {
        NumDevices = numDevices;
        _targets = targets;
        _names = names;
    }

    /// <summary>Number of devices.</summary>
    public int NumDevices { get; }

    /// <summary>Number of scenes.</summary>
    public int NumScenes => _names.Length;

    /// <summary>Kind of <paramref name="device"/> (<c>device mod 4</c>).</summary>
    public static DeviceKind Kind(int device) => (DeviceKind)(device % 4);

    /// <summary>Setting that <paramref name="scene"/> asks of <paramref name="device"/>.</summary>
    public DeviceSetting Target(int scene, int device) => _targets[(scene * NumDevices) + device];

    /// <summary>Name of <paramref name="scene"/>, for example <c>movie-night-2</c>.</summary>
    public string Name(int scene) => _names[scene];

    /// <summary>Draws the scenes of <paramref name="options"/> from <paramref name="random"/>.</summary>
    public static SmartHomeScenes Generate(SmartHomeOptions options, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        int n = options.NumDevices;
        var targets = new DeviceSetting[options.NumScenes * n];
        string[] names = new string[options.NumScenes];
        for (int s = 0; s < options.NumScenes; s++)
        {
            int archetype = s % Archetypes.Length;
            names[s] = $"{ArchetypeNames[archetype]}-{s / Archetypes.Length}";
            for (int d = 0; d < n; d++)
            {
                DeviceSetting setting = Archetypes[archetype][(int)Kind(d)];
                if (random.NextFloat() < options.VariationProbability)
                {
                    setting = (DeviceSetting)random.NextInt(4);
                }

                targets[(s * n) + d] = setting;
            }
        }

        return new SmartHomeScenes(n, targets, names);
    }
}
