import { Controller, Get, Header } from '@nestjs/common';
import { NetworkService } from '../network/network.service';

@Controller('network')
export class NetworkController {
  constructor(private readonly network: NetworkService) {}

  @Get()
  @Header('Content-Type', 'application/geo+json')
  model() {
    return this.network.model;
  }
}
