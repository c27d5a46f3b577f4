// Chromium flags of the WebRTC scenarios: fake camera and microphone granted without a prompt, and host candidates on
// loopback (no mDNS names, loopback interfaces allowed), so two pages connect without any STUN server.
export const WEBRTC_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns'];
