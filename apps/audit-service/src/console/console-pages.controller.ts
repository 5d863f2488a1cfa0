import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { RpcError } from '../rpc/rpc-error';
import { loadAssets, type Asset } from './console-assets';
import { ConsoleErrorFilter } from './console-error.filter';
import type { ConsoleRequest, ConsoleResponse } from './console-http';
import { ConsoleSignIn } from './console-sign-in';

/**
 * The console's page and front-end files (served to anyone: they hold no data), and signing in
 * and out. Each file has a strong ETag and is revalidated on each use (Cache-Control: no-cache),
 * so a new build is never mixed with an old one.
 */
@Controller('console')
@UseFilters(ConsoleErrorFilter)
export class ConsolePagesController {
  private readonly assets = loadAssets();

  constructor(private readonly signIns: ConsoleSignIn) {}

  @Get()
  page(@Req() request: ConsoleRequest, @Res() response: ConsoleResponse): void {
    this.serve('index.html', request, response);
  }

  @Get('assets/*path')
  asset(
    @Param('path') path: string | string[],
    @Req() request: ConsoleRequest,
    @Res() response: ConsoleResponse,
  ): void {
    this.serve(Array.isArray(path) ? path.join('/') : path, request, response);
  }

  @Post('api/sign-in')
  @HttpCode(204)
  signIn(
    @Body() body: unknown,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: ConsoleResponse,
  ): void {
    response.setHeader('Set-Cookie', this.signIns.signIn(request, body));
    response.setHeader('Cache-Control', 'no-store');
  }

  @Post('api/sign-out')
  @HttpCode(204)
  signOut(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: ConsoleResponse) {
    response.setHeader('Set-Cookie', this.signIns.signOut(request));
    response.setHeader('Cache-Control', 'no-store');
  }

  private serve(path: string, request: ConsoleRequest, response: ConsoleResponse): void {
    const asset: Asset | undefined = this.assets.get(path);
    if (!asset) {
      throw RpcError.notFound(`no console file ${JSON.stringify(path.slice(0, 200))}`);
    }
    response.setHeader('ETag', asset.etag);
    response.setHeader('Cache-Control', 'no-cache');
    if (request.headers['if-none-match'] === asset.etag) {
      response.statusCode = 304;
      response.end();
      return;
    }
    response.statusCode = 200;
    response.setHeader('Content-Type', asset.type);
    response.end(asset.body);
  }
}
