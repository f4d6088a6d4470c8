/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it): the device kit's, under the name the suites use. */
export { freeTcpPort as freePort } from '@arterial/device-kit';
