namespace RagAgent.Envs.SmartHome;

/// <summary>What a scene asks of one device, or a device's current setting.</summary>
public enum DeviceSetting
{
    /// <summary>The scene does not care about this device (never a device's current setting).</summary>
    Any,

    /// <summary>Powered off.</summary>
    Off,

    /// <summary>On at low level (dimmed light, half-open blind, quiet speaker, eco climate).</summary>
    Low,

    /// <summary>On at high level.</summary>
    High,
}

/// <summary>Kind of a smart-home device; a node feature and the basis of the scene archetypes.</summary>
public enum DeviceKind
{
    /// <summary>A light.</summary>
    Light,

    /// <summary>A window blind.</summary>
    Blind,

    /// <summary>A TV or speaker.</summary>
    Media,

    /// <summary>Heating or air conditioning.</summary>
    Climate,
}
