import { Controller, Get, Header } from '@nestjs/common';
import type { NetworkModel } from '@arterial/contracts/network';
import { NetworkService } from '../network/network.service';

@Controller('network')
export class NetworkController {
  constructor(private readonly network: NetworkService) {}

  @Get()
  @Header('Content-Type', 'application/geo+json')
  model(): NetworkModel {
    return this.network.model;
  }
}
