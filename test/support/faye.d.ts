// faye 1.4 ships no types: the part of its client API the tests use.
declare module "faye" {
  export interface Message {
    channel: string;
    clientId?: string;
    subscription?: string;
    successful?: boolean;
    error?: string;
    advice?: Record<string, unknown>;
    ext?: Record<string, unknown>;
    data?: any;
    [key: string]: unknown;
  }
  export interface Extension {
    incoming?(message: Message, callback: (message: Message) => void): void;
    outgoing?(message: Message, callback: (message: Message) => void): void;
  }
  export interface FayeError {
    code: number | null;
    params: string[];
    message: string;
  }
  export interface Subscription extends PromiseLike<void> {
    cancel(): void;
  }
  export class Client {
    constructor(endpoint: string, options?: { timeout?: number; retry?: number; interval?: number });
    setHeader(name: string, value: string): void;
    addExtension(extension: Extension): void;
    subscribe(channel: string, callback: (data: any) => void): Subscription;
    disconnect(): void;
    on(event: "transport:down" | "transport:up", callback: () => void): void;
  }
  const faye: { Client: typeof Client };
  export default faye;
}
