/**
 * Congestion control for a channel: the narrow {@link io.jsst.engine.channel.cc.CongestionController}
 * interface with one class per algorithm ({@link io.jsst.engine.channel.cc.NewReno},
 * {@link io.jsst.engine.channel.cc.Cubic}, chosen by {@link io.jsst.engine.channel.cc.CongestionControl}),
 * the {@link io.jsst.engine.channel.cc.LossClassifier} that keeps random loss from shrinking the window,
 * and the {@link io.jsst.engine.channel.cc.Pacer}. Use it from the channel; time is passed in.
 */
package io.jsst.engine.channel.cc;
